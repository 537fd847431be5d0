-- The vec_<collection> virtual tables need the sqlite-vec extension to be dropped: the app drops them
-- (az-os index --rebuild) before this runs; without the extension they stay behind, unused.
DROP TABLE IF EXISTS search_files;
DROP TRIGGER IF EXISTS search_chunks_au;
DROP TRIGGER IF EXISTS search_chunks_ad;
DROP TRIGGER IF EXISTS search_chunks_ai;
DROP TABLE IF EXISTS search_fts;
DROP TABLE IF EXISTS search_chunks;
DROP TABLE IF EXISTS search_vec_items;
DROP TABLE IF EXISTS search_vec_collections;
DROP TABLE IF EXISTS search_settings;
