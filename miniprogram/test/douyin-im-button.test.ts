import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { TT } from '@tarojs/plugin-platform-tt';
import type { IPluginContext } from '@tarojs/service';

type Aliases = Record<string, string>;
type TtPlatform = InstanceType<typeof TT>;

/**
 * The 联系抖音客服 button's data-im-id, through Taro's real tt platform: the template written at build
 * time and the aliases the runtime computes must name the attribute the same way, or the id set in
 * the chat lands in some other attribute. Both sides run here as the build runs them.
 */
describe('Douyin data-im-id on <button> (local Taro plugin)', () => {
  // The tt platform as `taro build --type tt` sets it up, then our plugin's onSetupClose hook. Taro's
  // component list is module state that merging changes, so each set-up gets fresh Taro modules.
  async function setUpTt(withPlugin: boolean): Promise<TtPlatform> {
    let platform: TtPlatform | undefined;
    await jest.isolateModulesAsync(async () => {
      const [{ TT }, helper, { default: douyinImButton }] = await Promise.all([import('@tarojs/plugin-platform-tt'), import('@tarojs/helper'), import('../config/douyin-im-button')]);
      const hooks = new Map<string, (platform: unknown) => void>();
      const ctx = { helper, paths: {}, initialConfig: {}, runOpts: {}, registerMethod: ({ name, fn }: { name: string; fn: (p: unknown) => void }) => hooks.set(name, fn) };
      if (withPlugin) douyinImButton(ctx as unknown as IPluginContext);
      platform = new TT(ctx, { compiler: 'webpack5' });
      platform.modifyTemplate();
      hooks.get('onSetupClose')?.(platform);
    });
    return platform!;
  }

  // The base template's <button>, and which short alias each of its attributes reads.
  function templateButton(platform: TtPlatform): Aliases {
    const template = platform.template.buildTemplate({ includes: new Set(['button']), includeAll: false, exclude: new Set(), thirdPartyComponents: new Map() });
    const tag = template.match(/<button [^>]*>/)?.[0] ?? '';
    return Object.fromEntries([...tag.matchAll(/ ([a-z-]+)="\{\{[^}]*?i\.(p\d+)\b[^}]*\}\}"/g)].map((m) => [m[1], m[2]]));
  }

  // The runtime side, in its own process: the runtime files imported in the order the tt loader imports them.
  function runtimeButton(runtimePath: string | string[]): Aliases {
    const script = `
      const { getComponentsAlias, internalComponents } = await import('@tarojs/shared');
      for (const file of ${JSON.stringify([runtimePath].flat())}) await import(file);
      console.log(JSON.stringify(getComponentsAlias(internalComponents).button));`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: resolve(__dirname, '..'), encoding: 'utf8' });
    return JSON.parse(output) as Aliases;
  }

  it('renders data-im-id under the alias the runtime gives dataImId, and open-type likewise', async () => {
    const platform = await setUpTt(true);
    const template = templateButton(platform);
    expect(template['data-im-id']).toMatch(/^p\d+$/);
    const runtime = runtimeButton(platform.runtimePath);
    expect(runtime.dataImId).toBe(template['data-im-id']);
    expect(runtime.openType).toBe(template['open-type']);
    expect(runtime.dataAwemeId).toBe(template['data-aweme-id']);
  });

  it('without the plugin, Taro 4.2 tt has no data-im-id at all (why the plugin exists)', async () => {
    const platform = await setUpTt(false);
    expect(templateButton(platform)['data-im-id']).toBeUndefined();
    expect(runtimeButton(platform.runtimePath).dataImId).toBeUndefined();
  });
});
