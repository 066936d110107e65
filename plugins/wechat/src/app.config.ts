// The debug host: a minimal mini-program that uses the plugin the way a merchant's app would.
export default defineAppConfig({
  pages: ['pages/index/index'],
  plugins: { kefu: { version: 'dev', provider: 'touristappid' } },
  window: { navigationBarTitleText: 'Kefu 插件调试' },
});
