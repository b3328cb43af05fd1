import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/api-error.js';
import { overlaysCreatedText, removedText, uploadErrorText, uploadSummary } from './upload-report.js';

describe('upload report', () => {
  it('lists what sanitising removed, repeats counted', () => {
    expect(removedText([])).toBe('Nothing had to be removed.');
    expect(removedText(['script element', 'onclick attribute', 'onclick attribute'])).toBe(
      'Removed from your file: script element, onclick attribute (2 times).',
    );
  });

  it('says how many overlays the shapes gave', () => {
    expect(overlaysCreatedText(0)).toMatch(/No new overlays/);
    expect(overlaysCreatedText(1)).toBe('1 overlay was created from the shapes of the layer.');
    expect(overlaysCreatedText(12)).toBe('12 overlays were created from the shapes of the layer.');
  });

  it('mentions overlays only for the overlay layer', () => {
    const result = { assetId: 'A', kind: 'basemap' as const, removed: [], overlaysCreated: 0 };
    expect(uploadSummary('basemap', result)).toEqual(['Base map uploaded.', 'Nothing had to be removed.']);
    expect(uploadSummary('overlay', { ...result, kind: 'overlay', overlaysCreated: 2 })).toHaveLength(3);
  });

  it('explains too large and wrong type', () => {
    expect(uploadErrorText(new ApiError('payload_too_large', 'The limit is 20 MB.'), 'plan.png')).toMatch(
      /^“plan.png” is too large\. The limit is 20 MB\. Make the file smaller/,
    );
    expect(uploadErrorText(new ApiError('unsupported_media_type', 'Use PNG, JPEG or SVG.'), 'a.gif')).toMatch(
      /not a file Outpost can use here\. Use PNG/,
    );
    expect(uploadErrorText(new Error('boom'), 'a.svg')).toBe('“a.svg” was not uploaded. boom');
  });
});
