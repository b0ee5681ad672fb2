DROP TRIGGER list_counts_forget ON videos;
DROP TRIGGER list_counts_forget ON posts;
DROP FUNCTION list_counts_forget();
DROP TRIGGER list_counts_change ON follows;
DROP TRIGGER list_counts_change ON posts;
DROP TRIGGER list_counts_change ON comments;
DROP FUNCTION list_counts_change();
DROP FUNCTION list_counts_add(text, char(24), bigint);
DROP TABLE list_counts;
