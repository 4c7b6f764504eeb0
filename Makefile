# kc — one C program doing the work of kubectl and helm template/install.
#
#   make            build ./kc (optimised)
#   make check      install deps, build, run every test through prove
#   make asan       the same suite under AddressSanitizer + UBSan + leak check
#   make demo       start the mock API server and walk the tutorial with kc
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean
#   make docs       regenerate man/ and completions/ from the command table

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
BUILD   ?= build
OPT     ?= -O2
SAN     ?=
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)

PKGS    := yaml-0.1 jansson libssl libcrypto libpcre2-8 zlib
MHD_PKG := libmicrohttpd

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lyaml -ljansson -lssl -lcrypto -lpcre2-8 -lz)
MHD_LIBS   := $(shell pkg-config --libs $(MHD_PKG) 2>/dev/null || echo -lmicrohttpd)

# kc links its libraries statically (no dozen shared objects to map and relocate
# at start-up), glibc dynamically, and is not position-independent (as Go
# binaries, kubectl included: a PIE spends a third of its start-up page faults
# relocating OpenSSL's tables). The sanitizer builds and the test binaries link
# dynamically. STATIC=0 links kc dynamically too.
STATIC_LIBS := yaml jansson ssl crypto pcre2-8 z
STATIC  ?= $(if $(SAN),0,$(if $(filter-out /%,$(foreach l,$(STATIC_LIBS),$(shell $(CC) -print-file-name=lib$(l).a))),0,1))
# libjansson.a exports its internal utf8_encode, which template/ defines too: kc
# links a copy with jansson's renamed.
JANSSON_A = $(BUILD)/static/libjansson.a
KC_STATIC_LDLIBS = $(JANSSON_A) -Wl,-Bstatic $(filter-out -ljansson,$(STATIC_LIBS:%=-l%)) \
	-Wl,-Bdynamic -lm -lpthread -ldl
KC_LDLIBS = $(if $(filter 1,$(STATIC)),$(KC_STATIC_LDLIBS),$(LDLIBS_ALL))
KC_LDDEPS = $(if $(filter 1,$(STATIC)),$(JANSSON_A))
KC_LDFLAGS = $(if $(filter 1,$(STATIC)),-no-pie)

CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter \
	-g $(OPT) $(SAN) -I. $(PKG_CFLAGS)
CFLAGS  ?=
ALL_CFLAGS = $(CFLAGS_BASE) $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lm -lpthread

# Modules, lowest layer first (see DESIGN.md). Every .c in a module folder is built.
MODULES := util kubeconfig client kube template template/sprig chart
LIB_SRCS := $(foreach m,$(MODULES),$(wildcard $(m)/*.c))
CLI_SRCS := $(wildcard cli/*.c)
MOCK_SRCS := $(wildcard tests/mockapi/*.c)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
TOOL_SRCS := $(wildcard tests/tools/*.c)

LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/%.o)
CLI_OBJS  := $(CLI_SRCS:%.c=$(BUILD)/%.o)
MOCK_OBJS := $(MOCK_SRCS:%.c=$(BUILD)/%.o)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%)
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tests/tools/%)
LIBKC     := $(BUILD)/libkc.a
KC_BIN    := $(BUILD)/kc
MOCK_BIN  := $(BUILD)/kc-mockapi

DEPS := $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(MOCK_OBJS:.o=.d) \
	$(UNIT_BINS:=.d) $(TOOL_BINS:=.d)

.PHONY: all check asan demo install clean deps test-bins fuzz docs check-real
.DEFAULT_GOAL := all

all: kc

kc: $(KC_BIN)
	@ln -sf $(KC_BIN) kc

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIBKC): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@
	ar rcs $@ $^

$(KC_BIN): $(CLI_OBJS) $(LIBKC) $(KC_LDDEPS)
	$(CC) $(ALL_CFLAGS) $(KC_LDFLAGS) -o $@ $(CLI_OBJS) $(LIBKC) $(KC_LDLIBS)

$(JANSSON_A):
	@mkdir -p $(dir $@)
	objcopy --redefine-sym utf8_encode=kc_jansson_utf8_encode $(shell $(CC) -print-file-name=libjansson.a) $@

$(MOCK_BIN): $(MOCK_OBJS) $(LIBKC)
	$(CC) $(ALL_CFLAGS) -o $@ $(MOCK_OBJS) $(LIBKC) $(MHD_LIBS) $(LDLIBS_ALL)

$(BUILD)/tests/unit/%: tests/unit/%.c tests/unit/tap.h $(LIBKC)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -MF $@.d -o $@ $< $(LIBKC) $(LDLIBS_ALL)

$(BUILD)/tests/tools/%: tests/tools/%.c $(LIBKC)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -MF $@.d -o $@ $< $(LIBKC) $(LDLIBS_ALL)

test-bins: $(KC_BIN) $(UNIT_BINS) $(TOOL_BINS) $(if $(MOCK_SRCS),$(MOCK_BIN))

deps:
	@./scripts/install-deps

# The suite: C unit tests and shell/TAP e2e tests, through prove.
# Tests find the binaries through KC_BUILD; ../shared is optional.
check: deps
	@$(MAKE) --no-print-directory test-bins
	@$(MAKE) --no-print-directory kc
	KC_BUILD=$(abspath $(BUILD)) prove -j$(JOBS) --exec '' --timer $(UNIT_BINS) tests/e2e/*.t

asan:
	@./scripts/install-deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT=-O1 \
		SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		test-bins
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		KC_BUILD=$(abspath build-asan) prove -j$(JOBS) --exec '' --timer \
		$(UNIT_SRCS:tests/unit/%.c=build-asan/tests/unit/%) tests/e2e/*.t

# libFuzzer targets (fuzz/README.md): build-fuzz/fuzz_* with clang and sanitizers.
FUZZ_SRCS := $(wildcard fuzz/fuzz_*.c)
fuzz:
	@mkdir -p build-fuzz
	for f in $(FUZZ_SRCS); do \
		clang -g -O1 -std=c11 -D_GNU_SOURCE -I. $(PKG_CFLAGS) \
			-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $$f $(LIB_SRCS) \
			-o build-fuzz/$$(basename $$f .c) $(LDLIBS_ALL) || exit 1; \
	done

demo: deps
	@$(MAKE) --no-print-directory kc $(if $(MOCK_SRCS),$(MOCK_BIN))
	@./scripts/demo

# kc and kubectl side by side on a real Kubernetes 1.20 (../shared/tools/realk8s);
# not part of check (needs the realk8s build; ~1 min).
check-real: kc
	@./scripts/check-real

install: kc
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(KC_BIN) $(DESTDIR)$(PREFIX)/bin/kc
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/vendor-completions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0644 completions/kc.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/kc
	install -m 0644 completions/_kc $(DESTDIR)$(PREFIX)/share/zsh/vendor-completions/_kc
	install -m 0644 completions/kc.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/kc.fish
	install -m 0644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/

docs: kc
	./scripts/gen-docs $(KC_BIN) .

clean:
	rm -rf build build-asan build-fuzz kc

-include $(DEPS)
