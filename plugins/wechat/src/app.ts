import type { PropsWithChildren } from 'react';
import Taro from '@tarojs/taro';

// The few lines a merchant adds (see README): hand the plugin the core's address, the tenant and a login function.
const kefu = Taro.requirePlugin('kefu') as typeof import('./plugin/index');
kefu.configure({
  apiBase: KEFU_API_BASE,
  tenantKey: KEFU_TENANT_KEY,
  login: async () => ({ code: (await Taro.login()).code, appId: Taro.getAccountInfoSync().miniProgram.appId }),
});

function App({ children }: PropsWithChildren): PropsWithChildren['children'] {
  return children;
}

export default App;
