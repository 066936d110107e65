import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

// The component reuses the mini-program's chat and the shared client, both TypeScript source in the monorepo.
const miniprogram = path.resolve(__dirname, '../../../miniprogram');
const reused = [path.join(miniprogram, 'src'), path.join(miniprogram, 'config'), path.resolve(__dirname, '../../../shared/src')];

/**
 * `taro build native-components --type tt`: the chat compiled into a native Douyin custom component
 * (dist/components/kefu-chat) that a merchant copies into an existing mini-app. Taro cannot build
 * Douyin plugins; this mode builds the `components` listed in src/app.config.ts and no app.
 */
export default defineConfig<'webpack5'>(async () => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'kefu-douyin-component',
    date: '2026-11-26',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: 'dist',
    // The same local plugin as miniprogram/: the component's 联系抖音客服 button needs data-im-id too.
    plugins: [path.join(miniprogram, 'config/douyin-im-button.ts')],
    defineConstants: {
      // Defaults only: the host page passes apiBase / tenantKey / douyinImId as the component's props.
      KEFU_API_BASE: JSON.stringify(process.env.KEFU_API_BASE ?? 'https://kefu.example.com'),
      KEFU_TENANT_KEY: JSON.stringify(process.env.KEFU_TENANT_KEY ?? 'demo'),
      KEFU_DOUYIN_IM_ID: JSON.stringify(process.env.KEFU_DOUYIN_IM_ID ?? ''),
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
