/** What kind of email arrived: only `message` is written by a person and may become a message. @publicApi */
export type EmailKind = 'message' | 'auto_reply' | 'bounce' | 'delivery_success' | 'feedback_report';

/**
 * Why a delivery failed, in Sisimai's vocabulary (so operators can compare with its reports).
 * @publicApi
 */
export type BounceReason =
  | 'userunknown'
  | 'hostunknown'
  | 'hasmoved'
  | 'notaccept'
  | 'mailboxfull'
  | 'exceedlimit'
  | 'mesgtoobig'
  | 'expired'
  | 'suspend'
  | 'filtered'
  | 'rejected'
  | 'blocked'
  | 'spamdetected'
  | 'virusdetected'
  | 'policyviolation'
  | 'securityerror'
  | 'authfailure'
  | 'requireptr'
  | 'badreputation'
  | 'norelaying'
  | 'toomanyconn'
  | 'networkerror'
  | 'systemerror'
  | 'systemfull'
  | 'contenterror'
  | 'syntaxerror'
  | 'mailererror'
  | 'onhold'
  | 'delivered'
  | 'undefined';

/** One recipient of a delivery status notification. @publicApi */
export interface BouncedRecipient {
  /** Lower-cased address that failed (or, for `delivery_success`, was delivered). */
  address: string;
  /** DSN status code (RFC 3463), e.g. `5.1.1`; empty when the bounce gives none. */
  status: string;
  /** RFC 3464 action: `failed`, `delayed`, `delivered`, `relayed` or `expanded`. */
  action: string;
  /** True for a permanent address problem (user or domain unknown, moved, does not accept mail). */
  hard: boolean;
  reason: BounceReason;
  /** SMTP reply code, e.g. `550`, when the bounce quotes one. */
  replyCode?: string;
  /** The remote server's words, for operators (never shown to end users). */
  diagnostic?: string;
}

/** An RFC 5965 abuse / feedback report. @publicApi */
export interface FeedbackReport {
  /** `abuse`, `fraud`, `virus`, `not-spam`, `opt-out`, `auth-failure` or `other`. */
  type: string;
  /** The reported recipient address(es), lower-cased. */
  recipients: string[];
}

/** Result of `classifyEmail`. @publicApi */
export interface ClassificationResult {
  kind: EmailKind;
  bounce?: { recipients: BouncedRecipient[] };
  feedback?: FeedbackReport;
  /** Message-ID (without angle brackets) of the email this one reports on or answers. */
  originalMessageId?: string;
  /**
   * Lower-cased addresses where the gateway's reply tokens or VERP tags can sit: this report's
   * To, Delivered-To and X-Original-To, and the embedded original's From, Reply-To, Sender and
   * Return-Path. Only set for automatic mail.
   */
  relatedAddresses?: string[];
  /** Short, stable explanations of the decision, e.g. `multipart/report delivery-status`. */
  reasons: string[];
}
