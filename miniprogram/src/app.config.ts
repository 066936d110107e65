export default defineAppConfig({
  pages: ['pages/chat/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '在线客服',
    navigationBarTextStyle: 'black',
  },
});
