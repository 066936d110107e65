const TIMING = /^\s*((?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3})/;
/** A pause this long between cues starts a new paragraph. */
const PARAGRAPH_GAP_MS = 2000;

function toMs(stamp: string): number {
  const [clock, fraction = '0'] = stamp.replace(',', '.').split('.');
  const parts = (clock ?? '0').split(':').map(Number);
  while (parts.length < 3) parts.unshift(0);
  const [h = 0, m = 0, s = 0] = parts;
  return ((h * 60 + m) * 60 + s) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
}

interface Cue {
  start: number;
  end: number;
  text: string;
}

function cleanCue(lines: string[]): string {
  return lines
    .join(' ')
    .replace(/<v\s+[^>]*>/gi, '')
    .replace(/<[^>]+>/g, '')
    .replace(/\{\\[^}]*\}/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function readCues(text: string): Cue[] {
  const cues: Cue[] = [];
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = block.split('\n');
    const timingAt = lines.findIndex((l) => TIMING.test(l));
    if (timingAt < 0) continue; // WEBVTT header, NOTE and STYLE blocks, stray numbering
    const match = TIMING.exec(lines[timingAt] ?? '');
    if (!match?.[1] || !match[2]) continue;
    const cueText = cleanCue(lines.slice(timingAt + 1));
    if (cueText) cues.push({ start: toMs(match[1]), end: toMs(match[2]), text: cueText });
  }
  return cues.sort((a, b) => a.start - b.start);
}

/** Chinese runs on without spaces; Latin words need one between cues. */
function join(left: string, right: string): string {
  if (!left) return right;
  const needsSpace = /[A-Za-z0-9,.!?;:]$/.test(left) && /^[A-Za-z0-9]/.test(right);
  return needsSpace ? `${left} ${right}` : `${left}${right}`;
}

/**
 * A subtitle track (.srt or .vtt) to readable text: timings and markup dropped, repeated lines of
 * rolling captions removed (live captions repeat the previous line before adding the next), cues
 * merged into paragraphs that break at pauses.
 */
export function subtitlesToText(text: string): string {
  const cues = readCues(text);
  const paragraphs: string[] = [];
  let current = '';
  let previousText = '';
  let previousEnd = -Infinity;
  for (const cue of cues) {
    let piece = cue.text;
    if (piece === previousText) continue;
    if (previousText && piece.startsWith(previousText)) piece = piece.slice(previousText.length).trim();
    previousText = cue.text;
    if (!piece) continue;
    if (current && cue.start - previousEnd >= PARAGRAPH_GAP_MS) {
      paragraphs.push(current);
      current = '';
    }
    current = join(current, piece);
    previousEnd = cue.end;
  }
  if (current) paragraphs.push(current);
  return paragraphs.join('\n\n');
}
