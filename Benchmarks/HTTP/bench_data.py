#!/usr/bin/env python3
"""Fills a migrated demo blog database with make bench-http's data set.

    bench_data.py sqlite PATH

50 authors, 12 tags, 1,000 posts (three tags each) and 5,000 comments,
the same every time: every server under test reads the same rows. Dates
are whole seconds, which every stack prints the same way in ISO 8601.
The demo's migrations made the tables (quarry-demo migrate upgrade).
"""
import sqlite3
import sys

AUTHORS, TAGS, POSTS, COMMENTS_PER_POST = 50, 12, 1_000, 5
EPOCH = 1_700_000_000


def stamp(seconds):
    """SQLTimestamp's text: what Quarry stores on SQLite."""
    import datetime
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S.000000")


def rows():
    authors = [
        (i, f"author{i}@example.com", f"Author {i}", None if i % 4 == 0 else f"Writes about topic {i}.",
         stamp(EPOCH + i * 86_400))
        for i in range(1, AUTHORS + 1)
    ]
    tags = [(i, f"tag-{i}") for i in range(1, TAGS + 1)]
    posts = []
    for i in range(1, POSTS + 1):
        status = ("published", "draft", "archived")[i % 3]
        published = stamp(EPOCH + i * 3_600) if status != "draft" else None
        body = " ".join(f"Paragraph {i}.{n} of a benchmark post, long enough to be a realistic body." for n in range(6))
        posts.append((i, i % AUTHORS + 1, f"post-{i}", f"Post number {i}", body, status, (i * 37) % 1_000, published))
    post_tags = []
    for i in range(1, POSTS + 1):
        for n in range(3):
            post_tags.append((len(post_tags) + 1, i, (i + n * 5) % TAGS + 1))
    comments = []
    for i in range(1, POSTS + 1):
        for n in range(COMMENTS_PER_POST):
            comments.append((len(comments) + 1, i, f"reader{n}", f"Comment {n} on post {i}.", stamp(EPOCH + i * 3_600 + n)))
    return authors, tags, posts, post_tags, comments


def fill_sqlite(path):
    authors, tags, posts, post_tags, comments = rows()
    db = sqlite3.connect(path)
    with db:
        for table in ("comments", "post_tags", "posts", "tags", "authors"):
            db.execute(f'DELETE FROM "{table}"')
        db.executemany('INSERT INTO "authors" ("id", "email", "name", "bio", "joined_at") VALUES (?, ?, ?, ?, ?)', authors)
        db.executemany('INSERT INTO "tags" ("id", "name") VALUES (?, ?)', tags)
        db.executemany(
            'INSERT INTO "posts" ("id", "author_id", "slug", "title", "body", "status", "views", "published_at")'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", posts)
        db.executemany('INSERT INTO "post_tags" ("id", "post_id", "tag_id") VALUES (?, ?, ?)', post_tags)
        db.executemany(
            'INSERT INTO "comments" ("id", "post_id", "author_name", "body", "created_at") VALUES (?, ?, ?, ?, ?)', comments)
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "sqlite":
        sys.exit("usage: bench_data.py sqlite PATH")
    fill_sqlite(sys.argv[2])
