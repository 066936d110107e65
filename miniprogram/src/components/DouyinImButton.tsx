import { Button } from '@tarojs/components';
import type { ButtonProps } from '@tarojs/components';

/**
 * 联系抖音客服: Douyin's own `<button open-type="im" data-im-id>` that opens the private chat with the
 * merchant's 抖音号 (what Douyin calls IM). Only the tt build has it, and only when the merchant gave
 * an im id; those messages reach Kefu through the Douyin channel's webhook, not this chat.
 * `dataImId` is camelCase on purpose: Taro keeps `data-*` props in the dataset and never renders
 * them, while a camelCase prop goes to the template's `data-im-id` (config/douyin-im-button.ts).
 */
export function DouyinImButton({ imId }: { imId: string }): JSX.Element | null {
  if (process.env.TARO_ENV !== 'tt' || !imId) return null;
  // Taro's Button types list WeChat's open types only; Douyin's 'im' and its data attribute are added here.
  const douyinProps = { openType: 'im', dataImId: imId } as unknown as ButtonProps;
  return (
    <Button className='kefu-im-button' size='mini' {...douyinProps}>
      联系抖音客服
    </Button>
  );
}

/** The im id baked into the tt build (`KEFU_DOUYIN_IM_ID`); other builds never read it. */
export function buildTimeDouyinImId(): string {
  return process.env.TARO_ENV === 'tt' ? KEFU_DOUYIN_IM_ID : '';
}
