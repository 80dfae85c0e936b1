/**
 * Phrasing that gives orders to an AI reading the email rather than to a person: overriding
 * "previous instructions", announcing a new role or system prompt, chat-template markers, asking
 * to hide something from the user or to send data elsewhere. Each pattern needs the AI-directed
 * wording, so ordinary requests ("please ignore my previous email") do not match.
 */
const PATTERNS: RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+|my\s+)?(?:previous|prior|above|earlier|preceding|original|system|initial)\s+(?:instructions?|prompts?|directives?|rules|guidelines|context)\b/i,
  /\b(?:new|updated|real|actual|hidden)\s+(?:system\s+)?instructions?\s*:/i,
  /\b(?:system|developer)\s+prompt\b/i,
  /\byou\s+are\s+now\s+(?:a|an|in|the|acting)\b/i,
  /\b(?:as\s+an?\s+(?:ai|llm|language\s+model|assistant|agent)\s*,?\s+you\s+(?:must|should|will))\b/i,
  /\b(?:ai|llm|assistant|agent|model|chatbot)s?\s*(?:reading|processing|summari[sz]ing)\s+this\b/i,
  /\b(?:do\s+not|don't|never)\s+(?:tell|inform|mention\s+(?:this\s+)?to|reveal\s+(?:this\s+)?to|alert)\s+the\s+(?:user|human|customer|operator)\b/i,
  /\b(?:reveal|print|output|repeat|show)\s+(?:your|the)\s+(?:system\s+prompt|instructions|hidden\s+prompt)\b/i,
  /\b(?:jailbreak|DAN\s+mode|developer\s+mode\s+enabled)\b/i,
  /<\|im_start\|>|<\|im_end\|>|\[\/?INST\]|<<\/?SYS>>|<\/?system>|^\s*###\s*(?:system|instruction)\s*:?/im,
  /\b(?:forward|send|exfiltrate|email|post)\s+(?:all|every|the\s+(?:whole|entire|full))\s+(?:conversation|thread|history|emails?|messages?|data|credentials|api\s+keys?|passwords?)\s+to\b/i,
  // German, French, Spanish: the override wording.
  /\b(?:ignoriere|vergiss)\s+(?:alle\s+)?(?:vorherigen|bisherigen|obigen)\s+(?:anweisungen|instruktionen)\b/i,
  /\b(?:ignore[rz]?|oublie[rz]?)\s+(?:toutes\s+)?les\s+instructions\s+(?:pr[ée]c[ée]dentes|ant[ée]rieures)\b/i,
  /\b(?:ignora|olvida)\s+(?:todas\s+)?las\s+instrucciones\s+(?:anteriores|previas)\b/i,
];

/** The injection phrases found in `text` (each quoted once, at most 80 characters). */
export function injectionPhrases(text: string): string[] {
  const found: string[] = [];
  for (const pattern of PATTERNS) {
    const match = pattern.exec(text);
    if (match) found.push(match[0].replace(/\s+/g, ' ').trim().slice(0, 80));
  }
  return found;
}
