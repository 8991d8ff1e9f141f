// A random id given to a database when it is first migrated. The search index records
// the id of the database it was built from, so a server can tell an index that
// belongs to its database from an empty one, a stale one or another installation's
// (a restored backup, a copied DATA_DIR, two installations sharing INDEX_PREFIX).
// A pg_dump/pg_restore carries the id along: the restored database is the same one.
import { Check, Entity, PrimaryKey, Property, type EntityManager, type Opt } from '@mikro-orm/postgresql';

@Entity({ tableName: 'database_identity' })
@Check({ name: 'database_identity_single_row', expression: 'id = 1' })
export class DatabaseIdentity {
  @PrimaryKey({ type: 'smallint', autoincrement: false, default: 1 })
  id: number & Opt = 1;

  @Property({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  databaseId!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}

/** The id of the database `em` talks to (the migration created the one row). */
export async function databaseId(em: EntityManager): Promise<string> {
  const [row] = await em.execute<{ id: string }[]>(`select database_id::text as id from database_identity where id = 1`);
  if (!row) throw new Error('database_identity is empty; run the migrations');
  return row.id;
}
