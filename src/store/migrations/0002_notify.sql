-- Replicas follow the articles: every change to a row is announced on
-- channel `articlebot_articles` (payload: the row's id), and a row's
-- `updated` moves on every update whoever writes it, since a replica
-- copies an article whose `updated` is the one it read.
CREATE FUNCTION articlebot_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated := clock_timestamp();
    RETURN NEW;
END $$;

CREATE TRIGGER articles_touch BEFORE UPDATE ON articles
    FOR EACH ROW EXECUTE FUNCTION articlebot_touch();

CREATE FUNCTION articlebot_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('articlebot_articles', coalesce(NEW.id, OLD.id));
    RETURN NULL;
END $$;

CREATE TRIGGER articles_notify AFTER INSERT OR UPDATE OR DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION articlebot_notify();
