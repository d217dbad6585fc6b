"""The bare rate of the disk for SQLite: one ~2 KB row per transaction from 16 threads, each on its own connection,
WAL and synchronous=FULL. Prints rows/s. Run by bench/IntakeThroughput.java beside the API measurement.
   python3 bench/bare-sqlite.py DATABASE_FILE [rows=4000] [threads=16]"""
import os, sqlite3, sys, threading, time

path = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 16
setup = sqlite3.connect(path)
setup.execute("PRAGMA journal_mode=WAL")
setup.execute("CREATE TABLE IF NOT EXISTS bare (id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
setup.commit()
setup.close()
counter = iter(range(rows))
lock = threading.Lock()


def work():
    connection = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA synchronous=FULL")
    while True:
        with lock:
            n = next(counter, None)
        if n is None:
            break
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO bare (body) VALUES (?)", (os.urandom(2048),))
        connection.execute("COMMIT")
    connection.close()


start = time.perf_counter()
workers = [threading.Thread(target=work) for _ in range(threads)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
print(f"{rows / (time.perf_counter() - start):.0f}")
