// Package benchkit is what the bench commands (cmd/livebench, cmd/loadbench)
// share: building and running a real server process with the limits that
// would throttle a bench lifted, reading the sign-up codes its log mailer
// writes, calling its REST API to seed data, and reading a process's CPU
// time and memory from /proc.
//
// A bench builds the server with [BuildServer] (or takes a binary given on
// its command line), starts it with [StartServer], signs members up with
// [SignUp], uploads the media of [LoadMedia] with [UploadVideo], and stops
// the server with [Server.Stop]. Every process it starts dies with the
// bench, however the bench ends.
package benchkit
