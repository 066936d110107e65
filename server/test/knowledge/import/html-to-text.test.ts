import { htmlToText } from '../../../src/knowledge/import/html-to-text';

describe('htmlToText', () => {
  it('keeps headings as Markdown lines, paragraphs and list items as lines, table cells apart', () => {
    const html = '<html><head><title>x</title></head><body><h2>七天<b>无理由</b>退货</h2><p>签收7天内&amp;可申请。</p><ul><li>运费险</li><li>发票</li></ul><table><tr><td>尺码</td><td>42</td></tr></table></body></html>';
    expect(htmlToText(html)).toBe('## 七天无理由退货\n\n签收7天内&可申请。\n\n- 运费险\n\n- 发票\n\n尺码 42');
  });

  it('drops scripts, styles and comments, and decodes entities', () => {
    expect(htmlToText('<p>a<script>alert(1)</script><style>p{}</style><!-- hidden -->b &ldquo;c&rdquo; &#x4e2d;&#25991;</p>')).toBe('ab “c” 中文');
  });

  it('survives unclosed and malformed markup: an open heading still ends as a heading, an open script swallows only itself', () => {
    expect(htmlToText('<h1>标题<p>正文')).toContain('正文');
    expect(htmlToText('<p>前面</p><script>var x = "<p>";')).toBe('前面');
    expect(htmlToText('<<<p>>>text<')).toContain('text');
  });

  it('reads a hostile run of unclosed tags in one pass, keeping the text between them', () => {
    // The regex version backtracked over every "<a" (quadratic); the tokenizer reads each character once.
    const hostile = '<a 文'.repeat(50_000) + '<p>结尾</p>';
    const text = htmlToText(hostile);
    expect(text.length).toBeLessThan(hostile.length);
  });
});
