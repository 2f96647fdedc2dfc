import { describe, expect, it } from 'vitest';
import type { GraphMessageBody } from '../../src/whatsapp/graph-payloads.js';
import { LIMITS } from '../../src/whatsapp/limits.js';
import { mediaKindOf, mediaUploadProblem, validateGraphPayload } from '../../src/whatsapp/payload-rules.js';

const address = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '2348012345678' } as const;
const KB = 1024;
const MB = 1024 * KB;

describe('the rules for media, reactions, quotes and templates', () => {
  it.each<[string, GraphMessageBody]>([
    ['an image by id with a caption', { ...address, type: 'image', image: { id: '1479537139650973', caption: 'The receipt' } }],
    ['a document by link with a file name', { ...address, type: 'document', document: { link: 'https://example.com/r.pdf', filename: 'r.pdf' } }],
    ['a voice note', { ...address, type: 'audio', audio: { id: '1479537139650973' } }],
    ['a sticker', { ...address, type: 'sticker', sticker: { id: '1479537139650973' } }],
    ['a reaction', { ...address, type: 'reaction', reaction: { message_id: 'wamid.A', emoji: '👍' } }],
    ['a reaction with a skin tone', { ...address, type: 'reaction', reaction: { message_id: 'wamid.A', emoji: '👍🏽' } }],
    ['the removal of a reaction', { ...address, type: 'reaction', reaction: { message_id: 'wamid.A', emoji: '' } }],
    ['a quoted reply', { ...address, context: { message_id: 'wamid.A' }, type: 'text', text: { body: 'Yes', preview_url: false } }],
    [
      'a template with body parameters',
      { ...address, type: 'template', template: { name: 'ticket_update', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'John' }] }] } },
    ],
    ['a message to a username-only user', { messaging_product: 'whatsapp', recipient_type: 'individual', recipient: 'US.13491208655302741918', type: 'image', image: { id: '1' } }],
  ])('accepts %s', (_, body) => {
    expect(validateGraphPayload(body)).toEqual([]);
  });

  it('accepts a read receipt that shows "typing…"', () => {
    expect(validateGraphPayload({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.A', typing_indicator: { type: 'text' } })).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['media without id or link', { ...address, type: 'image', image: {} }, 'image needs exactly one of id and link'],
    ['media with both id and link', { ...address, type: 'video', video: { id: '1', link: 'https://x.test/v.mp4' } }, 'video needs exactly one of id and link'],
    ['a link that is not a URL', { ...address, type: 'image', image: { link: 'file:///etc/passwd' } }, 'image.link must be an http(s) URL'],
    ['a caption too long', { ...address, type: 'image', image: { id: '1', caption: 'x'.repeat(LIMITS.caption + 1) } }, 'image.caption is 1025 characters; the limit is 1024'],
    ['a caption on a voice note', { ...address, type: 'audio', audio: { id: '1', caption: 'hi' } }, 'audio.caption is not allowed: audio messages have no caption'],
    ['a file name on an image', { ...address, type: 'image', image: { id: '1', filename: 'a.jpg' } }, 'image.filename is not allowed: only a document has one'],
    ['a reaction without emoji', { ...address, type: 'reaction', reaction: { message_id: 'wamid.A' } }, 'reaction.emoji is missing (an empty one removes the reaction)'],
    ['a reaction with words', { ...address, type: 'reaction', reaction: { message_id: 'wamid.A', emoji: 'ok' } }, 'reaction.emoji must be a single emoji'],
    ['a reaction with two emoji', { ...address, type: 'reaction', reaction: { message_id: 'wamid.A', emoji: '👍👍' } }, 'reaction.emoji must be a single emoji'],
    ['a reaction to nothing', { ...address, type: 'reaction', reaction: { emoji: '👍' } }, 'reaction.message_id is missing'],
    ['a quote of nothing', { ...address, context: {}, type: 'text', text: { body: 'hi' } }, 'context.message_id is missing'],
    [
      'an empty template parameter',
      { ...address, type: 'template', template: { name: 'n', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '' }] }] } },
      'template.components[0].parameters[0].text is empty',
    ],
    [
      'an unknown template component',
      { ...address, type: 'template', template: { name: 'n', language: { code: 'en' }, components: [{ type: 'middle', parameters: [] }] } },
      'template.components[0].type must be header, body or button',
    ],
  ])('names the problem with %s', (_, body, problem) => {
    expect(validateGraphPayload(body)).toContain(problem);
  });
});

describe('the rules for uploaded media', () => {
  it('knows each kind by its MIME type, parameters aside', () => {
    expect(mediaKindOf('image/jpeg')).toBe('image');
    expect(mediaKindOf('audio/ogg; codecs=opus')).toBe('audio');
    expect(mediaKindOf('image/webp')).toBe('sticker');
    expect(mediaKindOf('application/pdf')).toBe('document');
    expect(mediaKindOf('image/gif')).toBeNull();
  });

  it.each<[string, { mimeType: string; size: number; animated?: boolean }, 'type' | 'size' | null]>([
    ['a 5 MB photo', { mimeType: 'image/png', size: 5 * MB }, null],
    ['a photo over 5 MB', { mimeType: 'image/jpeg', size: 5 * MB + 1 }, 'size'],
    ['a 16 MB video', { mimeType: 'video/mp4', size: 16 * MB }, null],
    ['a voice note over 16 MB', { mimeType: 'audio/ogg', size: 16 * MB + 1 }, 'size'],
    ['a 100 MB document', { mimeType: 'application/pdf', size: 100 * MB }, null],
    ['a static sticker over 100 KB', { mimeType: 'image/webp', size: 100 * KB + 1 }, 'size'],
    ['an animated sticker of 500 KB', { mimeType: 'image/webp', size: 500 * KB, animated: true }, null],
    ['a GIF', { mimeType: 'image/gif', size: 10 }, 'type'],
    ['an empty file', { mimeType: 'text/plain', size: 0 }, 'size'],
  ])('judges %s', (_, file, reason) => {
    expect(mediaUploadProblem(file)?.reason ?? null).toBe(reason);
  });
});
