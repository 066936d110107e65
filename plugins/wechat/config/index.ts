import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

// The plugin reuses the mini-program's chat and the shared client, both TypeScript source in the monorepo.
const reused = [path.resolve(__dirname, '../../../miniprogram/src'), path.resolve(__dirname, '../../../shared/src')];

/** `taro build --plugin weapp`: the plugin to dist/plugin, the debug host mini-program to dist/miniprogram. */
export default defineConfig<'webpack5'>(async () => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'kefu-wechat-plugin',
    date: '2026-11-26',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: 'dist',
    plugins: [],
    defineConstants: {
      KEFU_API_BASE: JSON.stringify(process.env.KEFU_API_BASE ?? 'https://kefu.example.com'),
      KEFU_TENANT_KEY: JSON.stringify(process.env.KEFU_TENANT_KEY ?? 'demo'),
    },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      compile: { include: reused },
      postcss: { pxtransform: { enable: false, config: {} }, cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } } },
    },
  };
  return config;
});
