import { mergeInternalComponents } from '@tarojs/shared';

// The runtime half of douyin-im-button.ts (the same patch): loaded right after the tt platform's
// runtime, before the first render computes the attribute aliases.
mergeInternalComponents({ Button: { 'data-im-id': '' } });
