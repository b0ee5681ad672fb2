DROP TRIGGER list_counts_user_delete;
DROP TRIGGER history_counts_flip;
DROP TRIGGER history_counts_delete;
DROP TRIGGER history_counts_insert;
DELETE FROM list_counts WHERE list = 'history';
