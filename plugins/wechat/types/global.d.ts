/// <reference types="@tarojs/taro" />

declare module '*.css';

/** Build-time constants from config/index.ts (`defineConstants`). */
declare const KEFU_API_BASE: string;
declare const KEFU_TENANT_KEY: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'tt' | 'h5' | 'swan' | 'alipay' | 'qq' | 'jd';
  }
}
