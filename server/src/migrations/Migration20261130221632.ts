import { Migration } from '@mikro-orm/migrations';

export class Migration20261130221632 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "idempotent_request" ("actor" varchar(255) not null, "key_hash" varchar(64) not null, "request_hash" varchar(64) not null, "operation" varchar(255) not null, "http_status" int not null, "response" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, constraint "idempotent_request_pkey" primary key ("actor", "key_hash"));`);
    this.addSql(`create index "idempotent_request_expires_at_index" on "idempotent_request" ("expires_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotent_request" cascade;`);
  }

}
