import path from 'node:path';
import type { IPluginContext } from '@tarojs/service';

/**
 * A local Taro plugin for the Douyin (tt) build: lets `<Button openType='im' dataImId={…}>` reach
 * Douyin as `<button open-type="im" data-im-id="…">`, the button that opens Douyin's own private
 * chat with the merchant's 抖音号.
 *
 * Taro 4.2's tt template has no `data-im-id` on `<button>`, so the attribute would be dropped. A
 * component attribute must be known in two places that have to agree: the template written at build
 * time (`template.mergeComponents`, here) and the runtime's component list, from which both sides
 * derive the short attribute aliases (`douyin-im-runtime.ts`, put on the runtime path here). Both
 * hooks run after the tt platform plugin has merged its own list (`onSetupClose`), the way Taro's
 * platform plugins extend one another. The same patch is in both files; test/douyin-im-button.test.ts
 * fails when the two sides disagree.
 */
const douyinButtonPatch = { Button: { 'data-im-id': '' } };

const runtimePatch = path.join(__dirname, 'douyin-im-runtime.ts');

interface MiniPlatform {
  platform: string;
  runtimePath: string | string[];
  template: { mergeComponents: (ctx: IPluginContext, patch: Record<string, Record<string, string>>) => void };
}

export default (ctx: IPluginContext): void => {
  ctx.registerMethod({
    name: 'onSetupClose',
    fn(platform: MiniPlatform) {
      if (platform.platform !== 'tt') return;
      platform.template.mergeComponents(ctx, douyinButtonPatch);
      platform.runtimePath = [...[platform.runtimePath].flat(), runtimePatch];
    },
  });
};
