import { tenantCollectionName } from '../../src/vectors/tenant-collection-name';

describe('tenantCollectionName', () => {
  it('namespaces by tenant', () => {
    expect(tenantCollectionName('42', 'faq')).toBe('t_42_faq');
    expect(tenantCollectionName('0b6f-9a', 'product_titles')).toBe('t_0b6f-9a_product_titles');
  });

  it('refuses input that could collide or that Chroma rejects', () => {
    expect(() => tenantCollectionName('a_b', 'c')).toThrow(/tenant id/);
    expect(() => tenantCollectionName('', 'faq')).toThrow(/tenant id/);
    expect(() => tenantCollectionName('a', 'faq.v2')).toThrow(/collection name/);
    expect(() => tenantCollectionName('a', 'faq_')).toThrow(/collection name/);
    expect(() => tenantCollectionName('a', '')).toThrow(/collection name/);
    expect(() => tenantCollectionName('a', 'x'.repeat(600))).toThrow(/longer than/);
  });
});
