export default definePageConfig({
  navigationBarTitleText: 'Kefu 插件调试',
  usingComponents: { 'kefu-chat': 'plugin://kefu/chat' },
});
