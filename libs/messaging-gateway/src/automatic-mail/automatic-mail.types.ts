import type { ClassificationResult } from './classify/classification-result';

/** What the inbound pipeline hands over for an email `classifyEmail` found automatic. @publicApi */
export interface AutomaticMailInput {
  inboundEmailId: string;
  classification: ClassificationResult;
  /** Envelope or From address of the email, lower-cased; null when unknown. */
  senderEmail: string | null;
}

/**
 * Automatic mail never becomes a message nor gets an answer; `reasonCode` is stored on the
 * inbound row: `bounce`, `delivery_success`, `feedback_report`, `auto_reply` or `loop`.
 * @publicApi
 */
export interface AutomaticMailOutcome {
  status: 'ignored';
  reasonCode: AutomaticMailReasonCode;
}

/** @publicApi */
export type AutomaticMailReasonCode = 'bounce' | 'delivery_success' | 'feedback_report' | 'auto_reply' | 'loop';
