# flowgrep: make, make check, make bench, make fuzz, make install.
.POSIX:

PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d
CC = cc
CFLAGS =
LDFLAGS =
PKGS = libpcre2-8 libutf8proc zlib yajl
# -O3: with LTO, 1 to 4% fewer instructions than -O2 on the bench's
# queries, and Q1 as fast or faster, timed in turns.
OPT = -O3
WARN = -Wall -Wextra -Wpedantic
# CI builds treat every warning as an error.
WERROR = $$( [ "$(CI)" = true ] && echo -Werror )
CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -pthread $(OPT) -g $(WARN) $(WERROR) \
	$$(pkg-config --cflags $(PKGS)) $(CFLAGS)
LIBS = $$(pkg-config --libs $(PKGS)) -pthread -lm
# Link-time optimization where the compiler is gcc: the hot path crosses
# files (the read loop in input.c, the record view in parse.c, the
# evaluator in expr.c), and inlining across them takes 3 to 6% of the
# instructions off each query.  Not for clang: its -flto needs a linker
# plugin that a fresh Debian lacks.  The sanitizer builds go without.
LTO = $$( $(CC) --version 2>/dev/null | grep -q 'Free Software Foundation' && \
	echo -flto=auto )
CFLAGS_REL = $(CFLAGS_ALL) $(LTO)

SRCS = flowgrep.c alloc.c source.c input.c jsonin.c parse.c expr.c output.c pushdown.c \
	summary.c
OBJS = flowgrep.o alloc.o source.o input.o jsonin.o parse.o expr.o output.o pushdown.o \
	summary.o
LIBOBJS = alloc.o source.o input.o jsonin.o parse.o expr.o output.o summary.o
# -O1, as ASan's authors advise: it halves the compile time of -O2 and
# the suite runs no slower under the sanitizers.
SAN = -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all -DFLOWGREP_CHECKS
# The sanitizer objects, made once for flowgrep-san and the unit tests.
SANOBJS = $(OBJS:.o=.san.o)

all: build-deps flowgrep

# Installs (as root, with apt-get) what building and testing need and a
# fresh Debian lacks.  Nothing else here installs anything.
deps:
	@sh tests/deps.sh install

build-deps:
	@sh tests/deps.sh check build

flowgrep: $(OBJS)
	$(CC) $(CFLAGS_REL) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

.SUFFIXES: .san.o

.c.o:
	$(CC) $(CFLAGS_REL) -c $<

.c.san.o:
	$(CC) $(CFLAGS_ALL) $(SAN) -c -o $@ $<

$(OBJS) $(SANOBJS): flowgrep.h

# The same program built with AddressSanitizer and UBSan, for the tests.
flowgrep-san: $(SANOBJS)
	$(CC) $(CFLAGS_ALL) $(SAN) -o $@ $(SANOBJS) $(LIBS)

# The threads that read gzip ahead, under ThreadSanitizer (clang's).
flowgrep-tsan: $(SRCS) flowgrep.h
	clang $(CFLAGS_ALL) -O1 -fsanitize=thread -o $@ $(SRCS) $(LIBS)

# The plain C paths that processors without SSE2/AVX2 (arm64) run.  Only
# parse.c has SIMD paths; the other objects are the plain build's.
PORTABLEOBJS = $(OBJS:parse.o=parse.portable.o)
parse.portable.o: parse.c flowgrep.h
	$(CC) $(CFLAGS_REL) -DFLOWGREP_PORTABLE -c -o $@ parse.c

flowgrep-portable: $(PORTABLEOBJS)
	$(CC) $(CFLAGS_REL) $(LDFLAGS) -o $@ $(PORTABLEOBJS) $(LIBS)

tests/unit: tests/unit.c tests/ref_ipv4.h $(LIBOBJS) flowgrep.h
	$(CC) $(CFLAGS_REL) -I. -o $@ tests/unit.c $(LIBOBJS) $(LIBS)

tests/unit-san: tests/unit.c tests/ref_ipv4.h $(SANOBJS) flowgrep.h
	$(CC) $(CFLAGS_ALL) $(SAN) -I. -o $@ tests/unit.c \
	    $(SANOBJS:flowgrep.san.o=) $(LIBS)

tests/unit-jsonin: tests/unit_jsonin.c alloc.o jsonin.o flowgrep.h
	$(CC) $(CFLAGS_REL) -I. -o $@ tests/unit_jsonin.c alloc.o jsonin.o $(LIBS)

tests/unit-jsonin-san: tests/unit_jsonin.c alloc.san.o jsonin.san.o flowgrep.h
	$(CC) $(CFLAGS_ALL) $(SAN) -I. -o $@ tests/unit_jsonin.c alloc.san.o \
	    jsonin.san.o $(LIBS)

# The steps of tests/check.sh, the builds among them (the steps that
# need no build start beside it).
check: build-deps
	@sh tests/deps.sh check test
	@MAKE="$(MAKE)" sh tests/check.sh

# A tier for while working: the unit tests and the golden suite (but its
# 100 MB cases) on the plain build; make check is the whole.
test: build-deps
	@$(MAKE) -s -j$$(nproc 2>/dev/null || echo 2) flowgrep tests/unit \
	    tests/unit-jsonin bench/gen tests/maxrss
	@sh tests/check.sh quick

# Which golden cases valgrind runs in make check: rerun when the suite
# or the code has changed much.
distinct-cases: all bench/gen tests/maxrss
	sh tests/distinct-cases.sh >tests/golden/distinct.cases.new && \
	    mv tests/golden/distinct.cases.new tests/golden/distinct.cases

# The --to translations run on DuckDB and on models of the CloudWatch
# syntaxes (node and npm; SKIPPED without them).  tests/check.sh runs it.
check-pushdown: all
	@sh tests/pushdown/run.sh

bench: all
	@bash bench/run.sh

fuzz: all
	@sh tests/fuzz/run.sh $${FUZZ_SECONDS:-60}

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	mkdir -p $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	cp flowgrep $(DESTDIR)$(BINDIR)/flowgrep
	cp man/flowgrep.1 $(DESTDIR)$(MANDIR)/man1/flowgrep.1
	cp completions/flowgrep.bash $(DESTDIR)$(BASHCOMPDIR)/flowgrep
	cp completions/_flowgrep $(DESTDIR)$(ZSHCOMPDIR)/_flowgrep
	cp completions/flowgrep.fish $(DESTDIR)$(FISHCOMPDIR)/flowgrep.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/flowgrep $(DESTDIR)$(MANDIR)/man1/flowgrep.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/flowgrep $(DESTDIR)$(ZSHCOMPDIR)/_flowgrep
	rm -f $(DESTDIR)$(FISHCOMPDIR)/flowgrep.fish

clean:
	rm -f flowgrep flowgrep-san flowgrep-portable flowgrep-tsan $(OBJS) $(SANOBJS)
	rm -f parse.portable.o
	rm -f tests/unit tests/unit-san
	rm -f tests/unit-jsonin tests/unit-jsonin-san bench/gen tests/maxrss
	rm -rf tests/out tests/fuzz/bin

.PHONY: all deps build-deps check test check-pushdown bench fuzz install uninstall clean \
	distinct-cases
