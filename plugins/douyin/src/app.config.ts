// Native-components mode (`taro build native-components`) builds these components and no app or pages.
export default defineAppConfig({
  components: ['components/kefu-chat/index'],
});
