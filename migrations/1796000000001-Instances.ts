import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The running instances (the hashes each serves, heartbeats) and the values they share (the reload generation). */
export class Instances1796000000001 implements MigrationInterface {
  name = 'Instances1796000000001';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of q.connection.options.type === 'postgres' ? POSTGRES_UP : SQLITE_UP) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "cluster_settings"`);
    await q.query(`DROP TABLE "instances"`);
  }
}

const SQLITE_UP = [
  `CREATE TABLE "instances" ("name" varchar(100) PRIMARY KEY NOT NULL, "hashes" text NOT NULL, "loaded_at" varchar(24) NOT NULL, "started_at" varchar(24) NOT NULL, "heartbeat_at" varchar(24) NOT NULL)`,
  `CREATE TABLE "cluster_settings" ("key" varchar(64) PRIMARY KEY NOT NULL, "value" text NOT NULL)`,
];

const POSTGRES_UP = [
  `CREATE TABLE "instances" ("name" character varying(100) NOT NULL, "hashes" text NOT NULL, "loaded_at" character varying(24) NOT NULL, "started_at" character varying(24) NOT NULL, "heartbeat_at" character varying(24) NOT NULL, CONSTRAINT "PK_964ee0f13b02a3a85ef0196067e" PRIMARY KEY ("name"))`,
  `CREATE TABLE "cluster_settings" ("key" character varying(64) NOT NULL, "value" text NOT NULL, CONSTRAINT "PK_a060622130595c9b62a6ca25629" PRIMARY KEY ("key"))`,
];
