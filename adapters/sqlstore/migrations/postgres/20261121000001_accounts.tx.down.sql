DROP TABLE sessions;
DROP TABLE user_codes;
DROP TABLE users;
