import { attachmentVerdicts } from './attachment-limits';

describe('attachmentVerdicts', () => {
  const limits = { maxAttachmentBytes: 100, maxEmailBytes: 150, maxCount: 3 };

  it('keeps what fits and says why the rest does not', () => {
    expect(attachmentVerdicts([50, 101, 90, 60, 10, 1], limits)).toEqual([
      'keep',
      'too_large',
      'keep',
      'email_total_too_large',
      'keep',
      'too_many',
    ]);
  });

  it('keeps everything under the limits, and nothing of an empty email', () => {
    expect(attachmentVerdicts([1, 2, 3], limits)).toEqual(['keep', 'keep', 'keep']);
    expect(attachmentVerdicts([], limits)).toEqual([]);
  });
});
