# Thin wrapper around the autotools build (configure.ac, */Makefile.am).
# It installs missing Debian packages when run as root, bootstraps the
# autotools, configures into build/ and forwards the target there.
# Everything real lives in the Makefile.am files.

BUILD      ?= build
CONFIGURE_FLAGS ?=
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

# Build dependencies (Debian 12 package names).
BUILD_DEPS = build-essential autoconf automake libtool pkg-config \
	liblz4-dev libbz2-dev libzstd-dev liblzo2-dev librrd-dev libyaml-dev check
# What the test suite uses besides: the reference nfdump 1.7.1 for the
# interop tests, clang with its runtimes for the fuzz target and sanitizers.
TEST_DEPS  = nfdump nfdump-sflow clang libclang-rt-14-dev xxd

.PHONY: all check install uninstall clean distclean deps test-deps bootstrap sanitize tsan demo

all: deps $(BUILD)/Makefile
	$(MAKE) -C $(BUILD) -j$(JOBS)

check: deps test-deps $(BUILD)/Makefile
	$(MAKE) -C $(BUILD) -j$(JOBS)
	$(MAKE) -C $(BUILD) check

# One command to see it work: collectors, traffic, a query, a profile graph.
demo: all
	sh contrib/demo.sh $(BUILD)

install: all
	$(MAKE) -C $(BUILD) install

uninstall:
	$(MAKE) -C $(BUILD) uninstall

clean:
	-$(MAKE) -C $(BUILD) clean

distclean:
	rm -rf $(BUILD) build-asan build-tsan autom4te.cache aclocal.m4 configure config.h.in* \
		build-aux m4/libtool.m4 m4/lt*.m4 $(shell find . -name Makefile.in)

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (clang).
sanitize: deps test-deps configure
	mkdir -p build-asan
	[ -f build-asan/Makefile ] || (cd build-asan && ../configure CC=clang \
		--enable-sanitizers --enable-werror --disable-shared $(CONFIGURE_FLAGS))
	$(MAKE) -C build-asan -j$(JOBS)
	$(MAKE) -C build-asan check

# ThreadSanitizer over what runs threads: dump -W (tests/e2e/dump_workers.sh).
tsan: deps test-deps configure
	mkdir -p build-tsan
	[ -f build-tsan/Makefile ] || (cd build-tsan && ../configure CC=clang \
		CFLAGS='-fsanitize=thread -g -O1' LDFLAGS=-fsanitize=thread --disable-shared \
		$(CONFIGURE_FLAGS))
	$(MAKE) -C build-tsan -j$(JOBS)
	$(MAKE) -C build-tsan/tests check TESTS=e2e/dump_workers.sh

deps:
	@./build-aux-deps.sh $(BUILD_DEPS)

test-deps:
	@./build-aux-deps.sh --optional $(TEST_DEPS)

configure: configure.ac $(shell find . -name Makefile.am -not -path './build*')
	autoreconf -fi

$(BUILD)/Makefile: configure
	mkdir -p $(BUILD)
	cd $(BUILD) && ../configure $(CONFIGURE_FLAGS)
