/// The indexer's GraphQL API (Ponder): one POST per query. Amounts come back as decimal strings.
export async function gql<T>(indexerUrl: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${indexerUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  if (!response.ok) throw new Error(`indexer: HTTP ${response.status}`);
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors !== undefined || body.data === undefined) {
    throw new Error(`indexer: ${body.errors?.map((e) => e.message).join("; ") ?? "no data"}`);
  }
  return body.data;
}

/// The last block the indexer has indexed.
export async function indexedBlock(indexerUrl: string): Promise<bigint> {
  const response = await fetch(`${indexerUrl}/status`);
  const status = (await response.json()) as Record<string, { block?: { number: number } }>;
  const first = Object.values(status)[0];
  return BigInt(first?.block?.number ?? -1);
}

/// Waits (at most `timeoutMs`) until the indexer has indexed `block`, so that a page reloaded after a transaction
/// shows it.
export async function waitForIndexer(indexerUrl: string, block: bigint, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await indexedBlock(indexerUrl)) < block) {
    if (Date.now() > deadline) throw new Error(`the indexer has not reached block ${block}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/// Every row of a table (`inferences`, …) with `fields`, page by page (Ponder pages hold at most 1000 rows).
export async function gqlAll<T>(indexerUrl: string, table: string, fields: string, args = ""): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Record<string, { items: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> =
      await gql(
        indexerUrl,
        `query ($after: String) { ${table}(limit: 1000, after: $after${args === "" ? "" : `, ${args}`}) { items { ${fields} } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
    const { items, pageInfo } = page[table];
    out.push(...items);
    if (!pageInfo.hasNextPage) return out;
    after = pageInfo.endCursor;
  }
}
