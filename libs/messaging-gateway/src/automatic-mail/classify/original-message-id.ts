/** Message-ID (without brackets) in a header section, unfolded; undefined when absent. */
export function messageIdInHeaders(headerText: string): string | undefined {
  const end = headerText.search(/\r?\n\r?\n/);
  const section = (end >= 0 ? headerText.slice(0, end) : headerText).slice(0, 100000);
  const match = /^Message-I[dD]:[ \t]*(?:\r?\n[ \t]+)?<?([^\s<>]+@[^\s<>]+|[^\s<>]+)>?/im.exec(section);
  return match?.[1];
}

/** First Message-ID line anywhere in a text (inline returned headers of a non-standard bounce). */
export function messageIdInText(text: string): string | undefined {
  const match = /^\s{0,4}Message-I[dD]:[ \t]*(?:\r?\n[ \t]+)?<([^\s<>]+)>/im.exec(text.slice(0, 200000));
  return match?.[1];
}

/** The last id of In-Reply-To / References: the email this one answers. */
export function lastReferencedId(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ids = value.match(/<[^<>\s]+>/g);
  return ids ? ids[ids.length - 1].slice(1, -1) : undefined;
}
