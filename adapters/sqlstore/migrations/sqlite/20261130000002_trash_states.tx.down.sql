-- Claimed keys are owned by rows: the old trash would delete them.
DELETE FROM media_trash WHERE state = 'claimed';
ALTER TABLE media_trash DROP COLUMN grant_until;
ALTER TABLE media_trash DROP COLUMN state;
