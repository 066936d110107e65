import { join } from 'node:path';
import { parseConfig } from '@kefu/shared';
import { modelCacheDir } from '../../src/nlu/model-cache-dir';

describe('KEFU_MODEL_CACHE_DIR', () => {
  it('defaults to models/ under the data dir', () => {
    expect(modelCacheDir(parseConfig({ KEFU_DATA_DIR: '/srv/kefu' }))).toBe(join('/srv/kefu', 'models'));
  });

  it('uses the configured directory when set', () => {
    expect(modelCacheDir(parseConfig({ KEFU_DATA_DIR: '/srv/kefu', KEFU_MODEL_CACHE_DIR: '/var/cache/kefu-models' }))).toBe('/var/cache/kefu-models');
  });

  it('an empty value counts as unset', () => {
    expect(modelCacheDir(parseConfig({ KEFU_MODEL_CACHE_DIR: '' }))).toBe(join('./data', 'models'));
  });
});
