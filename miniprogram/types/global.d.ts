/// <reference types="@tarojs/taro" />

declare module '*.css';

/** Build-time constants from config/index.ts (`defineConstants`). */
declare const KEFU_API_BASE: string;
declare const KEFU_TENANT_KEY: string;
/** tt only: the 抖音号 for the 联系抖音客服 (open-type="im") button; empty hides the button. */
declare const KEFU_DOUYIN_IM_ID: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'tt' | 'h5' | 'swan' | 'alipay' | 'qq' | 'jd';
  }
}
