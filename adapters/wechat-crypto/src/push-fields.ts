import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ProtocolError } from '@kefu/shared';

/** A push's top-level fields as strings (XML elements or JSON keys; both carry the same names). */
export type PushFields = Record<string, string>;

const xmlParser = new XMLParser({ parseTagValue: false, trimValues: false, processEntities: true, ignoreDeclaration: true });

function flatten(record: Record<string, unknown>): PushFields {
  const fields: PushFields = {};
  for (const [name, value] of Object.entries(record)) {
    if (typeof value === 'string') fields[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') fields[name] = String(value);
  }
  return fields;
}

export function parseXmlFields(xml: string): PushFields {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new ProtocolError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const document = xmlParser.parse(xml) as { xml?: unknown };
  if (!document.xml || typeof document.xml !== 'object') throw new ProtocolError('malformed XML: no <xml> root element');
  return flatten(document.xml as Record<string, unknown>);
}

export function parseJsonFields(json: string): PushFields {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ProtocolError(`malformed JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ProtocolError('malformed JSON: expected an object');
  return flatten(value as Record<string, unknown>);
}

export function parseFields(body: string, format: 'xml' | 'json'): PushFields {
  return format === 'json' ? parseJsonFields(body) : parseXmlFields(body);
}

/** Text escaped for a CDATA section (the only sequence CDATA cannot hold is "]]>"). */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
