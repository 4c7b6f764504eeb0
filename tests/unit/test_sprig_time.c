/* test_sprig_time.c: Go time formatting/parsing and durations. Expected values
 * captured from helmref: dateInZone LAYOUT TS ZONE, mustToDate LAYOUT VALUE (Time's
 * String), mustDateModify D on 2000-01-01, duration "SECONDS". "ERR:" rows hold the
 * text after "error calling F: ". */
#include <stdlib.h>

#include "tap.h"
#include "template/sprig/sprig_impl.h"

static const struct { const char *zone, *layout; long long ts; const char *want; } zone_rows[] = {
	{"UTC", "Mon Jan 2 15:04:05 MST 2006", 1700000000, "Tue Nov 14 22:13:20 UTC 2023"},
	{"UTC", "Mon Jan 2 15:04:05 MST 2006", 0, "Thu Jan 1 00:00:00 UTC 1970"},
	{"UTC", "Mon Jan 2 15:04:05 MST 2006", 1720000123, "Wed Jul 3 09:48:43 UTC 2024"},
	{"UTC", "Mon Jan 2 15:04:05 MST 2006", -1, "Wed Dec 31 23:59:59 UTC 1969"},
	{"UTC", "2006-01-02T15:04:05Z07:00", 1700000000, "2023-11-14T22:13:20Z"},
	{"UTC", "2006-01-02T15:04:05Z07:00", 0, "1970-01-01T00:00:00Z"},
	{"UTC", "2006-01-02T15:04:05Z07:00", 1720000123, "2024-07-03T09:48:43Z"},
	{"UTC", "2006-01-02T15:04:05Z07:00", -1, "1969-12-31T23:59:59Z"},
	{"UTC", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1700000000, "Tuesday November 14 10:13:20 PM +0000 +00:00 +00 +00:00:00 +000000"},
	{"UTC", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 0, "Thursday January  1 12:0:0 AM +0000 +00:00 +00 +00:00:00 +000000"},
	{"UTC", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1720000123, "Wednesday July  3 9:48:43 AM +0000 +00:00 +00 +00:00:00 +000000"},
	{"UTC", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", -1, "Wednesday December 31 11:59:59 PM +0000 +00:00 +00 +00:00:00 +000000"},
	{"UTC", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1700000000, "318 318 .000  ,000 Z Z Z Z pm 23 Nov11 Monx _2023"},
	{"UTC", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 0, "  1 001 .000  ,000 Z Z Z Z am 70 Jan1 Monx _1970"},
	{"UTC", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1720000123, "185 185 .000  ,000 Z Z Z Z am 24 Jul7 Monx _2024"},
	{"UTC", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", -1, "365 365 .000  ,000 Z Z Z Z pm 69 Dec12 Monx _1969"},
	{"UTC", "MST", 1700000000, "UTC"},
	{"UTC", "MST", 0, "UTC"},
	{"UTC", "MST", 1720000123, "UTC"},
	{"UTC", "MST", -1, "UTC"},
	{"America/New_York", "Mon Jan 2 15:04:05 MST 2006", 1700000000, "Tue Nov 14 17:13:20 EST 2023"},
	{"America/New_York", "Mon Jan 2 15:04:05 MST 2006", 0, "Wed Dec 31 19:00:00 EST 1969"},
	{"America/New_York", "Mon Jan 2 15:04:05 MST 2006", 1720000123, "Wed Jul 3 05:48:43 EDT 2024"},
	{"America/New_York", "Mon Jan 2 15:04:05 MST 2006", -1, "Wed Dec 31 18:59:59 EST 1969"},
	{"America/New_York", "2006-01-02T15:04:05Z07:00", 1700000000, "2023-11-14T17:13:20-05:00"},
	{"America/New_York", "2006-01-02T15:04:05Z07:00", 0, "1969-12-31T19:00:00-05:00"},
	{"America/New_York", "2006-01-02T15:04:05Z07:00", 1720000123, "2024-07-03T05:48:43-04:00"},
	{"America/New_York", "2006-01-02T15:04:05Z07:00", -1, "1969-12-31T18:59:59-05:00"},
	{"America/New_York", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1700000000, "Tuesday November 14 5:13:20 PM -0500 -05:00 -05 -05:00:00 -050000"},
	{"America/New_York", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 0, "Wednesday December 31 7:0:0 PM -0500 -05:00 -05 -05:00:00 -050000"},
	{"America/New_York", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1720000123, "Wednesday July  3 5:48:43 AM -0400 -04:00 -04 -04:00:00 -040000"},
	{"America/New_York", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", -1, "Wednesday December 31 6:59:59 PM -0500 -05:00 -05 -05:00:00 -050000"},
	{"America/New_York", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1700000000, "318 318 .000  ,000 -0500 -05 -050000 -05:00:00 pm 23 Nov11 Monx _2023"},
	{"America/New_York", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 0, "365 365 .000  ,000 -0500 -05 -050000 -05:00:00 pm 69 Dec12 Monx _1969"},
	{"America/New_York", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1720000123, "185 185 .000  ,000 -0400 -04 -040000 -04:00:00 am 24 Jul7 Monx _2024"},
	{"America/New_York", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", -1, "365 365 .000  ,000 -0500 -05 -050000 -05:00:00 pm 69 Dec12 Monx _1969"},
	{"America/New_York", "MST", 1700000000, "EST"},
	{"America/New_York", "MST", 0, "EST"},
	{"America/New_York", "MST", 1720000123, "EDT"},
	{"America/New_York", "MST", -1, "EST"},
	{"Asia/Kolkata", "Mon Jan 2 15:04:05 MST 2006", 1700000000, "Wed Nov 15 03:43:20 IST 2023"},
	{"Asia/Kolkata", "Mon Jan 2 15:04:05 MST 2006", 0, "Thu Jan 1 05:30:00 IST 1970"},
	{"Asia/Kolkata", "Mon Jan 2 15:04:05 MST 2006", 1720000123, "Wed Jul 3 15:18:43 IST 2024"},
	{"Asia/Kolkata", "Mon Jan 2 15:04:05 MST 2006", -1, "Thu Jan 1 05:29:59 IST 1970"},
	{"Asia/Kolkata", "2006-01-02T15:04:05Z07:00", 1700000000, "2023-11-15T03:43:20+05:30"},
	{"Asia/Kolkata", "2006-01-02T15:04:05Z07:00", 0, "1970-01-01T05:30:00+05:30"},
	{"Asia/Kolkata", "2006-01-02T15:04:05Z07:00", 1720000123, "2024-07-03T15:18:43+05:30"},
	{"Asia/Kolkata", "2006-01-02T15:04:05Z07:00", -1, "1970-01-01T05:29:59+05:30"},
	{"Asia/Kolkata", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1700000000, "Wednesday November 15 3:43:20 AM +0530 +05:30 +05 +05:30:00 +053000"},
	{"Asia/Kolkata", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 0, "Thursday January  1 5:30:0 AM +0530 +05:30 +05 +05:30:00 +053000"},
	{"Asia/Kolkata", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1720000123, "Wednesday July  3 3:18:43 PM +0530 +05:30 +05 +05:30:00 +053000"},
	{"Asia/Kolkata", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", -1, "Thursday January  1 5:29:59 AM +0530 +05:30 +05 +05:30:00 +053000"},
	{"Asia/Kolkata", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1700000000, "319 319 .000  ,000 +0530 +05 +053000 +05:30:00 am 23 Nov11 Monx _2023"},
	{"Asia/Kolkata", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 0, "  1 001 .000  ,000 +0530 +05 +053000 +05:30:00 am 70 Jan1 Monx _1970"},
	{"Asia/Kolkata", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1720000123, "185 185 .000  ,000 +0530 +05 +053000 +05:30:00 pm 24 Jul7 Monx _2024"},
	{"Asia/Kolkata", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", -1, "  1 001 .000  ,000 +0530 +05 +053000 +05:30:00 am 70 Jan1 Monx _1970"},
	{"Asia/Kolkata", "MST", 1700000000, "IST"},
	{"Asia/Kolkata", "MST", 0, "IST"},
	{"Asia/Kolkata", "MST", 1720000123, "IST"},
	{"Asia/Kolkata", "MST", -1, "IST"},
	{"Australia/Lord_Howe", "Mon Jan 2 15:04:05 MST 2006", 1700000000, "Wed Nov 15 09:13:20 +11 2023"},
	{"Australia/Lord_Howe", "Mon Jan 2 15:04:05 MST 2006", 0, "Thu Jan 1 10:00:00 AEST 1970"},
	{"Australia/Lord_Howe", "Mon Jan 2 15:04:05 MST 2006", 1720000123, "Wed Jul 3 20:18:43 +1030 2024"},
	{"Australia/Lord_Howe", "Mon Jan 2 15:04:05 MST 2006", -1, "Thu Jan 1 09:59:59 AEST 1970"},
	{"Australia/Lord_Howe", "2006-01-02T15:04:05Z07:00", 1700000000, "2023-11-15T09:13:20+11:00"},
	{"Australia/Lord_Howe", "2006-01-02T15:04:05Z07:00", 0, "1970-01-01T10:00:00+10:00"},
	{"Australia/Lord_Howe", "2006-01-02T15:04:05Z07:00", 1720000123, "2024-07-03T20:18:43+10:30"},
	{"Australia/Lord_Howe", "2006-01-02T15:04:05Z07:00", -1, "1970-01-01T09:59:59+10:00"},
	{"Australia/Lord_Howe", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1700000000, "Wednesday November 15 9:13:20 AM +1100 +11:00 +11 +11:00:00 +110000"},
	{"Australia/Lord_Howe", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 0, "Thursday January  1 10:0:0 AM +1000 +10:00 +10 +10:00:00 +100000"},
	{"Australia/Lord_Howe", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1720000123, "Wednesday July  3 8:18:43 PM +1030 +10:30 +10 +10:30:00 +103000"},
	{"Australia/Lord_Howe", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", -1, "Thursday January  1 9:59:59 AM +1000 +10:00 +10 +10:00:00 +100000"},
	{"Australia/Lord_Howe", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1700000000, "319 319 .000  ,000 +1100 +11 +110000 +11:00:00 am 23 Nov11 Monx _2023"},
	{"Australia/Lord_Howe", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 0, "  1 001 .000  ,000 +1000 +10 +100000 +10:00:00 am 70 Jan1 Monx _1970"},
	{"Australia/Lord_Howe", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1720000123, "185 185 .000  ,000 +1030 +10 +103000 +10:30:00 pm 24 Jul7 Monx _2024"},
	{"Australia/Lord_Howe", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", -1, "  1 001 .000  ,000 +1000 +10 +100000 +10:00:00 am 70 Jan1 Monx _1970"},
	{"Australia/Lord_Howe", "MST", 1700000000, "+11"},
	{"Australia/Lord_Howe", "MST", 0, "AEST"},
	{"Australia/Lord_Howe", "MST", 1720000123, "+1030"},
	{"Australia/Lord_Howe", "MST", -1, "AEST"},
	{"America/Sao_Paulo", "Mon Jan 2 15:04:05 MST 2006", 1700000000, "Tue Nov 14 19:13:20 -03 2023"},
	{"America/Sao_Paulo", "Mon Jan 2 15:04:05 MST 2006", 0, "Wed Dec 31 21:00:00 -03 1969"},
	{"America/Sao_Paulo", "Mon Jan 2 15:04:05 MST 2006", 1720000123, "Wed Jul 3 06:48:43 -03 2024"},
	{"America/Sao_Paulo", "Mon Jan 2 15:04:05 MST 2006", -1, "Wed Dec 31 20:59:59 -03 1969"},
	{"America/Sao_Paulo", "2006-01-02T15:04:05Z07:00", 1700000000, "2023-11-14T19:13:20-03:00"},
	{"America/Sao_Paulo", "2006-01-02T15:04:05Z07:00", 0, "1969-12-31T21:00:00-03:00"},
	{"America/Sao_Paulo", "2006-01-02T15:04:05Z07:00", 1720000123, "2024-07-03T06:48:43-03:00"},
	{"America/Sao_Paulo", "2006-01-02T15:04:05Z07:00", -1, "1969-12-31T20:59:59-03:00"},
	{"America/Sao_Paulo", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1700000000, "Tuesday November 14 7:13:20 PM -0300 -03:00 -03 -03:00:00 -030000"},
	{"America/Sao_Paulo", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 0, "Wednesday December 31 9:0:0 PM -0300 -03:00 -03 -03:00:00 -030000"},
	{"America/Sao_Paulo", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1720000123, "Wednesday July  3 6:48:43 AM -0300 -03:00 -03 -03:00:00 -030000"},
	{"America/Sao_Paulo", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", -1, "Wednesday December 31 8:59:59 PM -0300 -03:00 -03 -03:00:00 -030000"},
	{"America/Sao_Paulo", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1700000000, "318 318 .000  ,000 -0300 -03 -030000 -03:00:00 pm 23 Nov11 Monx _2023"},
	{"America/Sao_Paulo", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 0, "365 365 .000  ,000 -0300 -03 -030000 -03:00:00 pm 69 Dec12 Monx _1969"},
	{"America/Sao_Paulo", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1720000123, "185 185 .000  ,000 -0300 -03 -030000 -03:00:00 am 24 Jul7 Monx _2024"},
	{"America/Sao_Paulo", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", -1, "365 365 .000  ,000 -0300 -03 -030000 -03:00:00 pm 69 Dec12 Monx _1969"},
	{"America/Sao_Paulo", "MST", 1700000000, "-03"},
	{"America/Sao_Paulo", "MST", 0, "-03"},
	{"America/Sao_Paulo", "MST", 1720000123, "-03"},
	{"America/Sao_Paulo", "MST", -1, "-03"},
	{"Bogus/Zone", "Mon Jan 2 15:04:05 MST 2006", 1700000000, "Tue Nov 14 22:13:20 UTC 2023"},
	{"Bogus/Zone", "Mon Jan 2 15:04:05 MST 2006", 0, "Thu Jan 1 00:00:00 UTC 1970"},
	{"Bogus/Zone", "Mon Jan 2 15:04:05 MST 2006", 1720000123, "Wed Jul 3 09:48:43 UTC 2024"},
	{"Bogus/Zone", "Mon Jan 2 15:04:05 MST 2006", -1, "Wed Dec 31 23:59:59 UTC 1969"},
	{"Bogus/Zone", "2006-01-02T15:04:05Z07:00", 1700000000, "2023-11-14T22:13:20Z"},
	{"Bogus/Zone", "2006-01-02T15:04:05Z07:00", 0, "1970-01-01T00:00:00Z"},
	{"Bogus/Zone", "2006-01-02T15:04:05Z07:00", 1720000123, "2024-07-03T09:48:43Z"},
	{"Bogus/Zone", "2006-01-02T15:04:05Z07:00", -1, "1969-12-31T23:59:59Z"},
	{"Bogus/Zone", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1700000000, "Tuesday November 14 10:13:20 PM +0000 +00:00 +00 +00:00:00 +000000"},
	{"Bogus/Zone", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 0, "Thursday January  1 12:0:0 AM +0000 +00:00 +00 +00:00:00 +000000"},
	{"Bogus/Zone", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1720000123, "Wednesday July  3 9:48:43 AM +0000 +00:00 +00 +00:00:00 +000000"},
	{"Bogus/Zone", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", -1, "Wednesday December 31 11:59:59 PM +0000 +00:00 +00 +00:00:00 +000000"},
	{"Bogus/Zone", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1700000000, "318 318 .000  ,000 Z Z Z Z pm 23 Nov11 Monx _2023"},
	{"Bogus/Zone", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 0, "  1 001 .000  ,000 Z Z Z Z am 70 Jan1 Monx _1970"},
	{"Bogus/Zone", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1720000123, "185 185 .000  ,000 Z Z Z Z am 24 Jul7 Monx _2024"},
	{"Bogus/Zone", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", -1, "365 365 .000  ,000 Z Z Z Z pm 69 Dec12 Monx _1969"},
	{"Bogus/Zone", "MST", 1700000000, "UTC"},
	{"Bogus/Zone", "MST", 0, "UTC"},
	{"Bogus/Zone", "MST", 1720000123, "UTC"},
	{"Bogus/Zone", "MST", -1, "UTC"},
	{"Local", "Mon Jan 2 15:04:05 MST 2006", 1700000000, "Tue Nov 14 22:13:20 UTC 2023"},
	{"Local", "Mon Jan 2 15:04:05 MST 2006", 0, "Thu Jan 1 00:00:00 UTC 1970"},
	{"Local", "Mon Jan 2 15:04:05 MST 2006", 1720000123, "Wed Jul 3 09:48:43 UTC 2024"},
	{"Local", "Mon Jan 2 15:04:05 MST 2006", -1, "Wed Dec 31 23:59:59 UTC 1969"},
	{"Local", "2006-01-02T15:04:05Z07:00", 1700000000, "2023-11-14T22:13:20Z"},
	{"Local", "2006-01-02T15:04:05Z07:00", 0, "1970-01-01T00:00:00Z"},
	{"Local", "2006-01-02T15:04:05Z07:00", 1720000123, "2024-07-03T09:48:43Z"},
	{"Local", "2006-01-02T15:04:05Z07:00", -1, "1969-12-31T23:59:59Z"},
	{"Local", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1700000000, "Tuesday November 14 10:13:20 PM +0000 +00:00 +00 +00:00:00 +000000"},
	{"Local", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 0, "Thursday January  1 12:0:0 AM +0000 +00:00 +00 +00:00:00 +000000"},
	{"Local", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1720000123, "Wednesday July  3 9:48:43 AM +0000 +00:00 +00 +00:00:00 +000000"},
	{"Local", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", -1, "Wednesday December 31 11:59:59 PM +0000 +00:00 +00 +00:00:00 +000000"},
	{"Local", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1700000000, "318 318 .000  ,000 Z Z Z Z pm 23 Nov11 Monx _2023"},
	{"Local", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 0, "  1 001 .000  ,000 Z Z Z Z am 70 Jan1 Monx _1970"},
	{"Local", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1720000123, "185 185 .000  ,000 Z Z Z Z am 24 Jul7 Monx _2024"},
	{"Local", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", -1, "365 365 .000  ,000 Z Z Z Z pm 69 Dec12 Monx _1969"},
	{"Local", "MST", 1700000000, "UTC"},
	{"Local", "MST", 0, "UTC"},
	{"Local", "MST", 1720000123, "UTC"},
	{"Local", "MST", -1, "UTC"},
	{"", "Mon Jan 2 15:04:05 MST 2006", 1700000000, "Tue Nov 14 22:13:20 UTC 2023"},
	{"", "Mon Jan 2 15:04:05 MST 2006", 0, "Thu Jan 1 00:00:00 UTC 1970"},
	{"", "Mon Jan 2 15:04:05 MST 2006", 1720000123, "Wed Jul 3 09:48:43 UTC 2024"},
	{"", "Mon Jan 2 15:04:05 MST 2006", -1, "Wed Dec 31 23:59:59 UTC 1969"},
	{"", "2006-01-02T15:04:05Z07:00", 1700000000, "2023-11-14T22:13:20Z"},
	{"", "2006-01-02T15:04:05Z07:00", 0, "1970-01-01T00:00:00Z"},
	{"", "2006-01-02T15:04:05Z07:00", 1720000123, "2024-07-03T09:48:43Z"},
	{"", "2006-01-02T15:04:05Z07:00", -1, "1969-12-31T23:59:59Z"},
	{"", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1700000000, "Tuesday November 14 10:13:20 PM +0000 +00:00 +00 +00:00:00 +000000"},
	{"", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 0, "Thursday January  1 12:0:0 AM +0000 +00:00 +00 +00:00:00 +000000"},
	{"", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", 1720000123, "Wednesday July  3 9:48:43 AM +0000 +00:00 +00 +00:00:00 +000000"},
	{"", "Monday January _2 3:4:5 PM -0700 -07:00 -07 -07:00:00 -070000", -1, "Wednesday December 31 11:59:59 PM +0000 +00:00 +00 +00:00:00 +000000"},
	{"", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1700000000, "318 318 .000  ,000 Z Z Z Z pm 23 Nov11 Monx _2023"},
	{"", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 0, "  1 001 .000  ,000 Z Z Z Z am 70 Jan1 Monx _1970"},
	{"", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", 1720000123, "185 185 .000  ,000 Z Z Z Z am 24 Jul7 Monx _2024"},
	{"", "__2 002 .000 .999 ,000 Z0700 Z07 Z070000 Z07:00:00 pm 06 Jan1 Monx _2006", -1, "365 365 .000  ,000 Z Z Z Z pm 69 Dec12 Monx _1969"},
	{"", "MST", 1700000000, "UTC"},
	{"", "MST", 0, "UTC"},
	{"", "MST", 1720000123, "UTC"},
	{"", "MST", -1, "UTC"},
};
static const struct { const char *layout, *value, *want; } parse_rows[] = {
	{"2006-01-02", "2024-03-05", "2024-03-05 00:00:00 +0000 UTC"},
	{"2006-01-02", "2024-02-30", "ERR:parsing time \"2024-02-30\": day out of range"},
	{"2006-01-02", "2024-13-01", "ERR:parsing time \"2024-13-01\": month out of range"},
	{"2006-01-02", "24-01-01", "ERR:parsing time \"24-01-01\" as \"2006-01-02\": cannot parse \"1-01\" as \"2006\""},
	{"2006-01-02", "2024-01-02x", "ERR:parsing time \"2024-01-02x\": extra text: \"x\""},
	{"2006-01-02T15:04:05Z07:00", "2024-01-02T03:04:05Z", "2024-01-02 03:04:05 +0000 UTC"},
	{"2006-01-02T15:04:05Z07:00", "2024-01-02T03:04:05+02:00", "2024-01-02 03:04:05 +0200 +0200"},
	{"2006-01-02T15:04:05Z07:00", "2024-01-02T03:04:05.123456789-07:30", "2024-01-02 03:04:05.123456789 -0730 -0730"},
	{"2006-01-02T15:04:05.000Z07:00", "2024-01-02T03:04:05.12Z", "ERR:parsing time \"2024-01-02T03:04:05.12Z\" as \"2006-01-02T15:04:05.000Z07:00\": cannot parse \"\" as \".000\""},
	{"2006-01-02T15:04:05.999Z07:00", "2024-01-02T03:04:05Z", "2024-01-02 03:04:05 +0000 UTC"},
	{"Mon Jan 2 15:04:05 MST 2006", "Tue Jan 2 15:04:05 PST 2024", "2024-01-02 15:04:05 +0000 PST"},
	{"Mon Jan 2 15:04:05 MST 2006", "Tue Jan 2 15:04:05 UTC 2024", "2024-01-02 15:04:05 +0000 UTC"},
	{"Mon Jan 2 15:04:05 MST 2006", "Tue Jan 2 15:04:05 GMT+3 2024", "2024-01-02 18:04:05 +0300 GMT+3"},
	{"Mon Jan 2 15:04:05 MST 2006", "Foo Jan 2 15:04:05 PST 2024", "ERR:parsing time \"Foo Jan 2 15:04:05 PST 2024\" as \"Mon Jan 2 15:04:05 MST 2006\": cannot parse \"Foo Jan 2 15:04:05 PST 2024\" as \"Mon\""},
	{"Jan _2 3:04PM", "Feb  9 3:04PM", "0000-02-09 15:04:00 +0000 UTC"},
	{"Jan _2 3:04PM", "Feb  9 3:04XM", "ERR:parsing time \"Feb  9 3:04XM\" as \"Jan _2 3:04PM\": cannot parse \"\" as \"PM\""},
	{"Jan _2 3:04PM", "Feb  9 12:04AM", "0000-02-09 00:04:00 +0000 UTC"},
	{"January 2, 2006", "march 7, 2021", "2021-03-07 00:00:00 +0000 UTC"},
	{"2006-002", "2024-060", "2024-02-29 00:00:00 +0000 UTC"},
	{"2006-002", "2023-060", "2023-03-01 00:00:00 +0000 UTC"},
	{"2006-002", "2023-366", "ERR:parsing time \"2023-366\": day-of-year out of range"},
	{"15:04", "25:00", "ERR:parsing time \"25:00\": hour out of range"},
	{"15:04", "12:61", "ERR:parsing time \"12:61\": minute out of range"},
	{"15:04:05", "12:30:45.5", "0000-01-01 12:30:45.5 +0000 UTC"},
	{"02/01/06", "31/12/99", "1999-12-31 00:00:00 +0000 UTC"},
	{"2006-01-02 15:04:05 -0700", "2024-01-02 03:04:05 +0000", "2024-01-02 03:04:05 +0000 UTC"},
	{"2006-01-02 15:04:05 -0700", "2024-01-02 03:04:05 +05", "ERR:parsing time \"2024-01-02 03:04:05 +05\" as \"2006-01-02 15:04:05 -0700\": cannot parse \"+05\" as \"-0700\""},
	{"2006", "", "ERR:parsing time \"\" as \"2006\": cannot parse \"\" as \"2006\""},
	{"2006-01-02", "2024-01-02", "2024-01-02 00:00:00 +0000 UTC"},
};
static const struct { const char *d, *want; } dur_rows[] = {
	{"1h", "2000-01-01 01:00:00"},
	{"-1.5h", "1999-12-31 22:30:00"},
	{"1h30m15s", "2000-01-01 01:30:15"},
	{"2h45m", "2000-01-01 02:45:00"},
	{".5s", "2000-01-01 00:00:00.5"},
	{"1.s", "2000-01-01 00:00:01"},
	{"1", "ERR:time: missing unit in duration \"1\""},
	{"ms", "ERR:time: invalid duration \"ms\""},
	{"10x", "ERR:time: unknown unit \"x\" in duration \"10x\""},
	{"1h2", "ERR:time: missing unit in duration \"1h2\""},
	{"300ms", "2000-01-01 00:00:00.3"},
	{"1.000000001s", "2000-01-01 00:00:01.000000001"},
	{"-0", "2000-01-01 00:00:00"},
	{"+5m", "2000-01-01 00:05:00"},
	{"9223372036854775807ns", "2292-04-10 23:47:16.854775807"},
	{"9223372036854775808ns", "ERR:time: invalid duration \"9223372036854775808ns\""},
	{"1µs", "2000-01-01 00:00:00.000001"},
	{"1μs", "2000-01-01 00:00:00.000001"},
	{"3000000h", "ERR:time: invalid duration \"3000000h\""},
};
static const struct { const char *s, *want; } dstr_rows[] = {
	{"0", "0s"},
	{"1", "1s"},
	{"59", "59s"},
	{"60", "1m0s"},
	{"61", "1m1s"},
	{"3600", "1h0m0s"},
	{"3661", "1h1m1s"},
	{"86400", "24h0m0s"},
	{"90061", "25h1m1s"},
	{"-5", "-5s"},
	{"abc", "0s"},
	{"999999999", "277777h46m39s"},
};
#define N(a) (sizeof(a) / sizeof(a[0]))

int main(void)
{
	plan_lazy();
	setenv("TZ", "UTC", 1); /* helmref's Local in the capture */
	for (size_t i = 0; i < N(zone_rows); i++) {
		struct gotime t;
		struct strbuf out = STRBUF_INIT;
		gotime_unix(&t, zone_rows[i].ts);
		if (gotime_in_zone(&t, zone_rows[i].zone))
			gotime_in_zone(&t, "UTC");
		gotime_format(&t, zone_rows[i].layout, &out);
		char *name = xasprintf("%s %s %lld", zone_rows[i].zone, zone_rows[i].layout, zone_rows[i].ts);
		is_str(out.buf, zone_rows[i].want, name);
		free(name);
		strbuf_release(&out);
	}
	for (size_t i = 0; i < N(parse_rows); i++) {
		struct gotime t;
		struct strbuf out = STRBUF_INIT;
		if (gotime_parse(parse_rows[i].layout, parse_rows[i].value, &t, &out))
			strbuf_insert(&out, 0, "ERR:", 4);
		else
			gotime_string(&t, &out);
		is_str(out.buf, parse_rows[i].want, parse_rows[i].value);
		strbuf_release(&out);
	}
	for (size_t i = 0; i < N(dur_rows); i++) {
		struct gotime t;
		struct strbuf out = STRBUF_INIT;
		int64_t d;
		gotime_parse("2006", "2000", &t, &out);
		if (go_parse_duration(dur_rows[i].d, &d, &out)) {
			strbuf_insert(&out, 0, "ERR:", 4);
		} else {
			gotime_add(&t, d);
			gotime_format(&t, "2006-01-02 15:04:05.999999999", &out);
		}
		is_str(out.buf, dur_rows[i].want, dur_rows[i].d);
		strbuf_release(&out);
	}
	for (size_t i = 0; i < N(dstr_rows); i++) {
		struct strbuf out = STRBUF_INIT;
		long long n = strtoll(dstr_rows[i].s, NULL, 10);
		go_duration_string((int64_t)(n * 1000000000LL), &out);
		is_str(out.buf, dstr_rows[i].want, dstr_rows[i].s);
		strbuf_release(&out);
	}
	return done_testing();
}
