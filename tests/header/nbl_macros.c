/*
 * Runs the nbl.h accessor and flag macros on hand-built objects and checks what they read and
 * write, once as C and once as C++ (the two views of the NB and NBL headers). The objects live on
 * the stack only because this program tests macros, not NDIS: drivers get them from the pools.
 */
#include <ndis.h>
#include <stdio.h>
#include <string.h>

static int failures;

#define EXPECT(cond)                                                  \
    do {                                                              \
        if (!(cond)) {                                                \
            fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond); \
            ++failures;                                               \
        }                                                             \
    } while (0)

static void check_mdl_macros(void)
{
    static UCHAR buffer[8192];
    MDL mdl;
    MDL second;
    PMDL next = NULL;
    PVOID va = NULL;
    ULONG length = 0;
    ULONG offset = 0;
    PUCHAR data = buffer + 4100;
    ULONG_PTR page = (ULONG_PTR)data & ~(ULONG_PTR)4095;

    memset(&mdl, 0, sizeof(mdl));
    memset(&second, 0, sizeof(second));
    mdl.StartVa = (PVOID)page;
    mdl.ByteOffset = (ULONG)((ULONG_PTR)data - page);
    mdl.ByteCount = 100;
    mdl.MappedSystemVa = data;
    mdl.MdlFlags = MDL_SOURCE_IS_NONPAGED_POOL;
    mdl.Next = &second;

    EXPECT(MmGetMdlVirtualAddress(&mdl) == (PVOID)data);
    EXPECT(MmGetMdlByteCount(&mdl) == 100);
    EXPECT(MmGetMdlBaseVa(&mdl) == (PVOID)page);
    EXPECT(MmGetSystemAddressForMdlSafe(&mdl, NormalPagePriority) == (PVOID)data);
    NdisQueryMdl(&mdl, &va, &length, NormalPagePriority);
    EXPECT(va == (PVOID)data && length == 100);
    length = 0;
    NdisQueryMdl(&mdl, NULL, &length, NormalPagePriority); /* the address is optional */
    EXPECT(length == 100);
    NdisQueryMdlOffset(&mdl, &offset, &length);
    EXPECT(offset == MmGetMdlByteOffset(&mdl) && length == 100);
    NdisGetNextMdl(&mdl, &next);
    EXPECT(next == &second && NDIS_MDL_LINKAGE(&mdl) == &second);

    /* Not flagged as mapped: the single address space still yields the buffer. */
    mdl.MdlFlags = 0;
    mdl.MappedSystemVa = NULL;
    EXPECT(MmGetSystemAddressForMdlSafe(&mdl, LowPagePriority) == (PVOID)data);
}

static void check_nb_and_nbl_macros(void)
{
    /* The context block and its data, laid out as NDIS lays them out. */
    union {
        NET_BUFFER_LIST_CONTEXT header;
        UCHAR bytes[64];
    } context;
    NET_BUFFER nb;
    NET_BUFFER second_nb;
    NET_BUFFER_LIST nbl;
    NET_BUFFER_LIST second_nbl;
    MDL mdl;

    memset(&context, 0, sizeof(context));
    memset(&nb, 0, sizeof(nb));
    memset(&second_nb, 0, sizeof(second_nb));
    memset(&nbl, 0, sizeof(nbl));
    memset(&second_nbl, 0, sizeof(second_nbl));
    memset(&mdl, 0, sizeof(mdl));

    NET_BUFFER_NEXT_NB(&nb) = &second_nb;
    NET_BUFFER_FIRST_MDL(&nb) = &mdl;
    NET_BUFFER_CURRENT_MDL(&nb) = &mdl;
    NET_BUFFER_CURRENT_MDL_OFFSET(&nb) = 14;
    NET_BUFFER_DATA_OFFSET(&nb) = 14;
    NET_BUFFER_DATA_LENGTH(&nb) = 1500;
    NET_BUFFER_CHECKSUM_BIAS(&nb) = 2;
    /* Each macro reaches the byte the WDK layout puts it at. */
    EXPECT(*(PNET_BUFFER *)((PUCHAR)&nb + 0) == &second_nb);
    EXPECT(*(PMDL *)((PUCHAR)&nb + 8) == &mdl);
    EXPECT(*(ULONG *)((PUCHAR)&nb + 16) == 14);
    EXPECT(*(ULONG *)((PUCHAR)&nb + 24) == 1500);
    EXPECT(*(PMDL *)((PUCHAR)&nb + 32) == &mdl);
    EXPECT(*(ULONG *)((PUCHAR)&nb + 40) == 14);
    EXPECT(*(USHORT *)((PUCHAR)&nb + 48) == 2);
    NET_BUFFER_PROTOCOL_RESERVED(&nb)[5] = &nb;
    EXPECT(*(PVOID *)((PUCHAR)&nb + 80 + 5 * 8) == (PVOID)&nb);
    NET_BUFFER_MINIPORT_RESERVED(&nb)[3] = &nb;
    EXPECT(*(PVOID *)((PUCHAR)&nb + 128 + 3 * 8) == (PVOID)&nb);

    NET_BUFFER_LIST_NEXT_NBL(&nbl) = &second_nbl;
    NET_BUFFER_LIST_FIRST_NB(&nbl) = &nb;
    EXPECT(*(PNET_BUFFER_LIST *)((PUCHAR)&nbl + 0) == &second_nbl);
    EXPECT(*(PNET_BUFFER *)((PUCHAR)&nbl + 8) == &nb);
    NET_BUFFER_LIST_STATUS(&nbl) = NDIS_STATUS_PAUSED;
    EXPECT(*(NDIS_STATUS *)((PUCHAR)&nbl + 140) == NDIS_STATUS_PAUSED);
    NET_BUFFER_LIST_INFO(&nbl, MediaSpecificInformation) = &mdl;
    EXPECT(*(PVOID *)((PUCHAR)&nbl + 144 + 6 * 8) == (PVOID)&mdl);
    NET_BUFFER_LIST_PROTOCOL_RESERVED(&nbl)[1] = &nbl;
    EXPECT(*(PVOID *)((PUCHAR)&nbl + 64 + 8) == (PVOID)&nbl);
    NET_BUFFER_LIST_MINIPORT_RESERVED(&nbl)[1] = &nbl;
    EXPECT(*(PVOID *)((PUCHAR)&nbl + 96 + 8) == (PVOID)&nbl);

    NDIS_SET_NET_BUFFER_LIST_CANCEL_ID(&nbl, (PVOID)&context);
    EXPECT(NDIS_GET_NET_BUFFER_LIST_CANCEL_ID(&nbl) == (PVOID)&context);
    EXPECT(NET_BUFFER_LIST_INFO(&nbl, NetBufferListCancelId) == (PVOID)&context);
    NdisSetNetBufferListProtocolId(&nbl, NDIS_PROTOCOL_ID_TCP_IP);
    EXPECT(*(PUCHAR)&NET_BUFFER_LIST_INFO(&nbl, NetBufferListProtocolId) == NDIS_PROTOCOL_ID_TCP_IP);

    /* Context: 16 bytes of data after the header, the used part starting at Offset 8. */
    context.header.Size = 16;
    context.header.Offset = 8;
    nbl.Context = &context.header;
    EXPECT(NET_BUFFER_LIST_CONTEXT_DATA_SIZE(&nbl) == 16);
    EXPECT(NET_BUFFER_LIST_CONTEXT_DATA_START(&nbl) == context.bytes + 16 + 8);

    /* NBL_TEST_FLAG is true if any bit is set; NdisTestNblFlags only if all are. */
    NBL_SET_FLAG(&nbl, 0x00010000);
    EXPECT(NBL_TEST_FLAG(&nbl, 0x00030000));
    EXPECT(NET_BUFFER_LIST_FLAGS(&nbl) == 0x00010000);
    NBL_CLEAR_FLAG(&nbl, 0x00010000);
    EXPECT(!NBL_TEST_FLAG(&nbl, 0x00010000));
    /* The protocol-reserved forms ignore bits outside NBL_FLAGS_PROTOCOL_RESERVED. */
    NBL_SET_PROTOCOL_RSVD_FLAG(&nbl, 0x00100001);
    EXPECT(NET_BUFFER_LIST_FLAGS(&nbl) == 0x00100000);
    EXPECT(!NBL_TEST_PROT_RSVD_FLAG(&nbl, 0x00000001));
    EXPECT(NBL_TEST_PROTOCOL_RSVD_FLAG(&nbl, 0x00100000));
    NBL_CLEAR_PROT_RSVD_FLAG(&nbl, 0x00100000);
    EXPECT(NET_BUFFER_LIST_FLAGS(&nbl) == 0);

    NdisSetNblFlag(&nbl, NDIS_NBL_FLAGS_IS_IPV4 | NDIS_NBL_FLAGS_IS_TCP);
    EXPECT(NdisTestNblFlag(&nbl, NDIS_NBL_FLAGS_IS_TCP | NDIS_NBL_FLAGS_IS_UDP));
    EXPECT(!NdisTestNblFlags(&nbl, NDIS_NBL_FLAGS_IS_TCP | NDIS_NBL_FLAGS_IS_UDP));
    EXPECT(NdisTestNblFlags(&nbl, NDIS_NBL_FLAGS_IS_TCP | NDIS_NBL_FLAGS_IS_IPV4));
    NdisClearNblFlag(&nbl, NDIS_NBL_FLAGS_IS_IPV4);
    EXPECT(NET_BUFFER_LIST_NBL_FLAGS(&nbl) == NDIS_NBL_FLAGS_IS_TCP);
}

static void check_flag_word_macros(void)
{
    ULONG flags = 0;
    EXPECT(!NDIS_TEST_SEND_AT_DISPATCH_LEVEL(flags));
    NDIS_SET_SEND_FLAG(flags, NDIS_SEND_FLAGS_DISPATCH_LEVEL);
    EXPECT(NDIS_TEST_SEND_AT_DISPATCH_LEVEL(flags));
    /* TEST macros want every bit of the second argument. */
    EXPECT(!NDIS_TEST_SEND_FLAG(flags, NDIS_SEND_FLAGS_DISPATCH_LEVEL | NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK));
    flags = NDIS_RECEIVE_FLAGS_RESOURCES;
    EXPECT(NDIS_TEST_RECEIVE_CANNOT_PEND(flags) && !NDIS_TEST_RECEIVE_CAN_PEND(flags));
    EXPECT(!NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(flags));
    NDIS_SET_RECEIVE_FLAG(flags, NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
    EXPECT(NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(flags));
    flags = 0;
    NDIS_SET_RETURN_FLAG(flags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
    EXPECT(NDIS_TEST_RETURN_AT_DISPATCH_LEVEL(flags));
    flags = 0;
    NDIS_SET_SEND_COMPLETE_FLAG(flags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
    EXPECT(NDIS_TEST_SEND_COMPLETE_AT_DISPATCH_LEVEL(flags));
}

int main(void)
{
    check_mdl_macros();
    check_nb_and_nbl_macros();
    check_flag_word_macros();
    if (failures == 0) {
        printf("nbl.h macros: all checks passed\n");
    }
    return failures == 0 ? 0 : 1;
}
