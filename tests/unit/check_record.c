#include "record/record.h"
#include "testutil.h"

START_TEST(test_placeholder)
{
	ck_assert_ptr_nonnull(flow_ext_info(EX_GENERIC));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_placeholder);
	suite_add_tcase(s, tc);
	return tu_run(s) ? 1 : 0;
}
