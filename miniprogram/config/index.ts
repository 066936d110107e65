import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

// @kefu/shared is TypeScript source in the monorepo: compile it with the app.
const sharedSource = path.resolve(__dirname, '../../shared/src');
// tt only: lets the chat's 联系抖音客服 button carry data-im-id (see douyin-im-button.ts).
const douyinImButtonPlugin = path.resolve(__dirname, 'douyin-im-button.ts');

/**
 * One Taro project, three outputs: dist/weapp (WeChat), dist/tt (Douyin), dist/h5 (browser, served
 * by the core at /chat/ and embedded by the website widget). Nothing here reaches the network:
 * prebundling and the persistent cache are off so a clean CI build behaves like a local one.
 */
export default defineConfig<'webpack5'>(async () => {
  const platform = process.env.TARO_ENV ?? 'h5';
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'kefu-miniprogram',
    date: '2026-11-26',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${platform}`,
    plugins: [douyinImButtonPlugin],
    defineConstants: {
      // Mini-programs cannot call a relative URL: the core's public https origin is baked in at build time.
      KEFU_API_BASE: JSON.stringify(process.env.KEFU_API_BASE ?? 'https://kefu.example.com'),
      KEFU_TENANT_KEY: JSON.stringify(process.env.KEFU_TENANT_KEY ?? 'demo'),
      // The 抖音号 bound to the mini-app (开发者后台 → 关联设置): the tt chat's 联系抖音客服 button opens Douyin's IM with it.
      KEFU_DOUYIN_IM_ID: JSON.stringify(process.env.KEFU_DOUYIN_IM_ID ?? ''),
    },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSource, __dirname] },
      postcss: { pxtransform: { enable: false, config: {} }, cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } } },
    },
    h5: {
      compile: { include: [sharedSource] },
      // Relative, so the same build works under /chat/ on the core and inside the widget's iframe.
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
      postcss: { pxtransform: { enable: false, config: {} }, autoprefixer: { enable: true, config: {} }, cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } } },
    },
  };
  return config;
});
