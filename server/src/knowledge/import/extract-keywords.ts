import { Jieba, TfIdf } from '@node-rs/jieba';
import { dict, idf } from '@node-rs/jieba/dict';

let extractor: { jieba: Jieba; tfidf: TfIdf } | undefined;

/** Loading jieba's dictionary takes a noticeable moment and memory, so it happens once, on first use. */
function getExtractor(): { jieba: Jieba; tfidf: TfIdf } {
  extractor ??= { jieba: Jieba.withDict(dict), tfidf: TfIdf.withDict(idf) };
  return extractor;
}

const STOP_WORDS = new Set(['可以', '我们', '您', '亲亲', '亲', '如果', '需要', '什么', '怎么', '时候', '一下', '一般', '没有', '这个', '那个', '就是', '还是', '或者', '以及', '进行', '请', '哦', '呢', '吗']);

/**
 * Top words of a text by jieba's TF-IDF (term frequency in this entry times the word's rarity in
 * jieba's corpus). The title is counted twice: it is the question shoppers ask.
 */
export function extractKeywords(title: string, body: string, limit = 8): string[] {
  const { jieba, tfidf } = getExtractor();
  const text = `${title}\n${title}\n${body}`.slice(0, 20_000);
  return tfidf
    .extractKeywords(jieba, text, limit * 3)
    .map((k) => k.keyword.trim())
    .filter((word) => word.length >= 2 && !STOP_WORDS.has(word) && !/^[\d.%]+$/.test(word))
    .slice(0, limit);
}
