-- A history database of schema 1, as shmtop 0.2.0 --record wrote it (sqlite3 .dump, with its
-- user_version): tests/replay.sh migrates it to the current schema.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES('created_by','shmtop 0.2.0');
CREATE TABLE objects ( oid INTEGER PRIMARY KEY, kind TEXT NOT NULL, ipc_ns INTEGER NOT NULL, id INTEGER, key INTEGER, name TEXT, created_ns INTEGER, first_ns INTEGER NOT NULL, removed_ns INTEGER, ended_ns INTEGER, creator_pid INTEGER, creator_uid INTEGER, creator_comm TEXT, creator_cmdline TEXT, creator_cgroup INTEGER, remover_pid INTEGER, remover_uid INTEGER, remover_comm TEXT, remover_cmdline TEXT, size INTEGER);
INSERT INTO objects VALUES(1,'shm',4026532175,0,1578958849,NULL,1796442991708077791,1796442991708077791,1796442992710009607,1796442992711731824,19363,0,NULL,NULL,NULL,NULL,NULL,NULL,NULL,2048);
CREATE TABLE events ( time_ns INTEGER NOT NULL, oid INTEGER REFERENCES objects (oid), event TEXT NOT NULL, kind TEXT, source TEXT NOT NULL, pid INTEGER, tid INTEGER, ppid INTEGER, uid INTEGER, comm TEXT, cmdline TEXT, cgroup INTEGER, ipc_ns INTEGER, key INTEGER, id INTEGER, name TEXT, size INTEGER, addr INTEGER, result INTEGER, count INTEGER);
INSERT INTO events VALUES(1796442991708077791,1,'create','shm','poll',19363,19363,NULL,0,NULL,NULL,NULL,4026532175,1578958849,0,NULL,2048,NULL,0,NULL);
INSERT INTO events VALUES(1796442992710009607,1,'remove','shm','poll',NULL,NULL,NULL,NULL,NULL,NULL,NULL,4026532175,NULL,0,NULL,NULL,NULL,0,NULL);
CREATE INDEX objects_by_id ON objects (kind, ipc_ns, id, ended_ns);
CREATE INDEX objects_by_name ON objects (kind, ipc_ns, name, ended_ns);
CREATE INDEX objects_by_key ON objects (key);
CREATE INDEX events_by_time ON events (time_ns);
CREATE INDEX events_by_oid ON events (oid, time_ns);
PRAGMA user_version = 1;
COMMIT;
