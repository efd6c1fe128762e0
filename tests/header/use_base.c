/*
 * Compile test of ndis.h area "base" (include/condis/ndis/base.h): every function and handler role
 * the spec writes out for it, with the spec's exact types (spec_api_base.inc). Built as C11 and as
 * C++20 with -Wall -Wextra -Werror; layout.c checks the numbers.
 */
#include "use_check.h"

#include "spec_api_base.inc"

/* The base types and helper macros drivers use directly. */
typedef struct CONDIS_USE_RECORD {
    ULONG Tag;
    LIST_ENTRY Link;
} CONDIS_USE_RECORD;

ULONG condis_use_base(PLIST_ENTRY Entry, PVOID Unused);
ULONG condis_use_base(PLIST_ENTRY Entry, PVOID Unused)
{
    CONDIS_USE_RECORD *record = CONTAINING_RECORD(Entry, CONDIS_USE_RECORD, Link);
    NDIS_STATUS status = NDIS_STATUS_PENDING;
    NDIS_HANDLE handle = NULL;
    NDIS_OBJECT_HEADER header = {NDIS_OBJECT_TYPE_DEFAULT, NDIS_OBJECT_REVISION_1, sizeof(NDIS_OBJECT_HEADER)};
    NDIS_STRING name = {0, 0, NULL};
    NDIS_PHYSICAL_ADDRESS address;
    LARGE_INTEGER time;
    ULARGE_INTEGER utime;
    NET_LUID luid;
    GUID guid = {0, 0, 0, {0, 0, 0, 0, 0, 0, 0, 0}};
    KIRQL irql = DISPATCH_LEVEL;
    SINGLE_LIST_ENTRY single = {NULL};
    UNREFERENCED_PARAMETER(Unused);
    address.QuadPart = 0;
    time.QuadPart = 1;
    utime.QuadPart = 2;
    luid.Value = 3;
    return record->Tag + (ULONG)status + (handle == NULL) + header.Size + name.Length + address.u.LowPart +
           time.u.LowPart + utime.u.HighPart + (ULONG)luid.Info.IfType + guid.Data1 + irql + (single.Next == NULL) +
           (ULONG)FIELD_OFFSET(CONDIS_USE_RECORD, Link) +
           (ULONG)NDIS_SIZEOF_STRUCT_THROUGH_FIELD(CONDIS_USE_RECORD, Tag) +
           (ULONG)RTL_SIZEOF_THROUGH_FIELD(CONDIS_USE_RECORD, Tag);
}
