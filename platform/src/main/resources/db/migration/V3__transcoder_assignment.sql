-- Which transcoder (of TRANSCODER_URL's list) runs an event's job, so every platform instance ends it on the same host.
ALTER TABLE events ADD COLUMN transcoder_url text;
