"""The demo blog's benchmarked routes on the stack Quarry answers:
FastAPI + SQLAlchemy 2 (async) + Pydantic, served by uvicorn (uvloop,
httptools). Written the way that stack's documentation writes an API:
mapped classes, an async session per request, Pydantic response models,
`selectinload` for included relations. It answers the same JSON as the
Quarry demo; ci/bench-http checks that before measuring.

    QUARRY_BENCH_SQLITE=PATH uvicorn app:app --loop uvloop --http httptools --port PORT
    QUARRY_BENCH_POSTGRES=postgresql+asyncpg://… uvicorn app:app …
"""
import base64
import datetime
import hashlib
import hmac
import os
from typing import Annotated, Literal, Optional

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer
from sqlalchemy import Column, DateTime, FetchedValue, ForeignKey, Integer, String, Table, Text, event, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload

if "QUARRY_BENCH_POSTGRES" in os.environ:
    # asyncpg; a pool of QUARRY_BENCH_POOL connections, as many as every other server's.
    pool = int(os.environ.get("QUARRY_BENCH_POOL", "4"))
    engine = create_async_engine(os.environ["QUARRY_BENCH_POSTGRES"], pool_size=pool, max_overflow=0)
else:
    engine = create_async_engine("sqlite+aiosqlite:///" + os.environ["QUARRY_BENCH_SQLITE"])

    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(connection, _record):
        cursor = connection.cursor()
        for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON"):
            cursor.execute("PRAGMA " + pragma)
        cursor.close()


sessions = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


post_tags = Table(
    "post_tags", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("post_id", ForeignKey("posts.id")),
    Column("tag_id", ForeignKey("tags.id")),
)


class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String)
    name: Mapped[str] = mapped_column(String(80))
    bio: Mapped[Optional[str]] = mapped_column(String(500))
    joined_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime, server_default=FetchedValue())


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    slug: Mapped[str] = mapped_column(String)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String, default="draft")
    views: Mapped[int] = mapped_column(default=0)
    published_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    author: Mapped[Author] = relationship(lazy="raise")
    tags: Mapped[list[Tag]] = relationship(secondary=post_tags, order_by=post_tags.c.id, lazy="raise")


class Comment(Base):
    __tablename__ = "comments"
    __mapper_args__ = {"eager_defaults": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    author_name: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime, server_default=FetchedValue())


# ISO 8601 in whole seconds, UTC: what the Quarry demo prints.
Timestamp = Annotated[datetime.datetime, PlainSerializer(lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ"), return_type=str)]


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)


class AuthorResponse(Schema):
    id: int
    email: str
    name: str
    bio: Optional[str] = None
    joinedAt: Optional[Timestamp] = Field(None, validation_alias="joined_at")


class TagResponse(Schema):
    id: int
    name: str


class PostResponse(Schema):
    id: int
    authorID: int = Field(validation_alias="author_id")
    slug: str
    title: str
    body: str
    status: Literal["draft", "published", "archived"]
    views: int
    publishedAt: Optional[Timestamp] = Field(None, validation_alias="published_at")


class PostWithRelations(PostResponse):
    author: Optional[AuthorResponse] = None
    tags: Optional[list[TagResponse]] = None


class PostPage(BaseModel):
    items: list[PostWithRelations]
    nextCursor: Optional[str] = None
    previousCursor: Optional[str] = None


class PostUpdate(BaseModel):
    title: Optional[str] = Field(None, max_length=200)
    body: Optional[str] = None
    status: Optional[Literal["draft", "published", "archived"]] = None
    views: Optional[int] = None


class CommentCreate(BaseModel):
    postID: int
    authorName: str = Field(min_length=1, max_length=80)
    body: str = Field(min_length=1, max_length=2000)


class CommentResponse(Schema):
    id: int
    postID: int = Field(validation_alias="post_id")
    authorName: str = Field(validation_alias="author_name")
    body: str
    createdAt: Optional[Timestamp] = Field(None, validation_alias="created_at")


CURSOR_SECRET = b"quarry-demo-cursor-secret-32-bytes!!"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def cursor_after(post_id: int) -> str:
    """The demo's signed cursor for the page ending at `post_id`."""
    payload = ('{"direction":"after","fingerprint":"posts,id:a:l","position":[{"kind":"int","text":"%d"}],"version":1}'
               % post_id).encode()
    return b64url(payload) + "." + b64url(hmac.new(CURSOR_SECRET, payload, hashlib.sha256).digest())


async def session():
    async with sessions() as s:
        yield s


Session = Annotated[AsyncSession, Depends(session)]
app = FastAPI(title="Quarry demo blog on FastAPI + SQLAlchemy")


@app.get("/posts/{post_id}", response_model=PostResponse, response_model_exclude_none=True)
async def get_post(post_id: int, db: Session):
    post = await db.get(Post, post_id)
    if post is None:
        raise HTTPException(404, f"no post {post_id}")
    return post


@app.get("/authors/{author_id}", response_model=AuthorResponse, response_model_exclude_none=True)
async def get_author(author_id: int, db: Session):
    author = await db.get(Author, author_id)
    if author is None:
        raise HTTPException(404, f"no author {author_id}")
    return author


@app.get("/posts", response_model=PostPage, response_model_exclude_none=True)
async def list_posts(db: Session, limit: int = 20, include: str = ""):
    if not 1 <= limit <= 100:
        raise HTTPException(400, "limit: 1 to 100")
    names = set(filter(None, include.split(",")))
    query = select(Post).order_by(Post.id).limit(limit + 1)
    if "author" in names:
        query = query.options(selectinload(Post.author))
    if "tags" in names:
        query = query.options(selectinload(Post.tags))
    posts = list((await db.scalars(query)).all())
    has_next = len(posts) > limit
    posts = posts[:limit]
    items = []
    for post in posts:
        item = PostWithRelations.model_validate(
            {c: getattr(post, c) for c in ("id", "author_id", "slug", "title", "body", "status", "views", "published_at")})
        if "author" in names:
            item.author = AuthorResponse.model_validate(post.author)
        if "tags" in names:
            item.tags = [TagResponse.model_validate(tag) for tag in post.tags]
        items.append(item)
    return PostPage(items=items, nextCursor=cursor_after(posts[-1].id) if has_next and posts else None)


@app.post("/comments", response_model=CommentResponse, response_model_exclude_none=True, status_code=201)
async def create_comment(body: CommentCreate, db: Session):
    comment = Comment(post_id=body.postID, author_name=body.authorName, body=body.body)
    db.add(comment)
    await db.commit()
    return comment


@app.patch("/posts/{post_id}", response_model=PostResponse, response_model_exclude_none=True)
async def patch_post(post_id: int, body: PostUpdate, db: Session):
    post = await db.get(Post, post_id)
    if post is None:
        raise HTTPException(404, f"no post {post_id}")
    for field, value in body.model_dump(exclude_unset=True).items():
        setattr(post, field, value)
    await db.commit()
    return post
