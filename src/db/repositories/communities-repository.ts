import { eq } from 'drizzle-orm';
import type { TDbOrTx } from '../client.js';
import { communities } from '../schema/index.js';

export type TCommunityRow = typeof communities.$inferSelect;

export async function findCommunity(db: TDbOrTx, id: string): Promise<TCommunityRow | undefined> {
  const [row] = await db.select().from(communities).where(eq(communities.id, id));
  return row;
}
