"""make bench-http's routes: what wrk sends and check_json.py compares."""
ROUTES = [
    {"name": "GET /posts/42", "method": "GET", "path": "/posts/42"},
    {"name": "GET /posts?limit=20&include=author,tags", "method": "GET", "path": "/posts?limit=20&include=author,tags"},
    {"name": "GET /authors/2", "method": "GET", "path": "/authors/2"},
    {"name": "POST /comments", "method": "POST", "path": "/comments",
     "body": '{"postID":42,"authorName":"wrk","body":"A comment from the benchmark."}'},
    # The same body every time: after the first request the row already
    # holds it, so an ORM that writes only what changed writes nothing.
    {"name": "PATCH /posts/42", "method": "PATCH", "path": "/posts/42", "body": '{"views":1234}'},
    # A new value every request (wrk counts; check_json sends `body`): every
    # server writes the row each time.
    {"name": "PATCH /posts/43 (new value)", "method": "PATCH", "path": "/posts/43", "body": '{"views":1234}',
     "counting": "views"},
]
