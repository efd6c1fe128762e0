/*
 * Compile test of ndis.h area "nbl" (include/condis/ndis/nbl.h): every function and handler role
 * the spec writes out for it, with the spec's exact types (spec_api_nbl.inc). Built as C11 and as
 * C++20 with -Wall -Wextra -Werror; layout.c checks the numbers.
 */
#include "use_check.h"

#include "spec_api_nbl.inc"

/* Every accessor and flag macro of nbl.h, as a driver's send and receive paths use them. */
ULONG condis_use_nbl_accessors(PNET_BUFFER_LIST Nbl, ULONG SendFlags, ULONG ReceiveFlags, ULONG ReturnFlags);
ULONG condis_use_nbl_accessors(PNET_BUFFER_LIST Nbl, ULONG SendFlags, ULONG ReceiveFlags, ULONG ReturnFlags)
{
    ULONG total = 0;
    PMDL mdl;
    PMDL next = NULL;
    PVOID va = NULL;
    ULONG length = 0;
    ULONG offset = 0;
    PNET_BUFFER nb;
    NET_BUFFER_LIST_POOL_PARAMETERS nblPool = {{NDIS_OBJECT_TYPE_DEFAULT, NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1,
                                                NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1},
                                               NDIS_PROTOCOL_ID_DEFAULT, TRUE, 0, 0x74736554 /* 'Test' */, 0};
    NET_BUFFER_POOL_PARAMETERS nbPool = {{NDIS_OBJECT_TYPE_DEFAULT, NET_BUFFER_POOL_PARAMETERS_REVISION_1,
                                          NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1},
                                         0x74736554 /* 'Test' */, 0};
    NET_BUFFER_DATA nbData;
    NET_BUFFER_HEADER nbHeader;
    NET_BUFFER_LIST_DATA nblData;
    NET_BUFFER_LIST_HEADER nblHeader;
    NDIS_NET_BUFFER_LIST_INFO id = NetBufferListCancelId;
    MM_PAGE_PRIORITY priority = NormalPagePriority;
    NDIS_NET_BUFFER_LIST_8021Q_INFO vlan;

    vlan.Value = NULL;
    total += vlan.TagHeader.VlanId + vlan.WLanTagHeader.WMMInfo;
    (void)sizeof(nbData);
    (void)sizeof(nbHeader);
    (void)sizeof(nblData);
    (void)sizeof(nblHeader);
    total += nblPool.ContextSize + nbPool.DataSize;

    for (; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
        for (nb = NET_BUFFER_LIST_FIRST_NB(Nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            total += NET_BUFFER_DATA_LENGTH(nb) + NET_BUFFER_DATA_OFFSET(nb) + NET_BUFFER_CURRENT_MDL_OFFSET(nb);
            total += NET_BUFFER_CHECKSUM_BIAS(nb);
            NET_BUFFER_PROTOCOL_RESERVED(nb)[0] = NET_BUFFER_MINIPORT_RESERVED(nb)[0];
            total += (ULONG)NET_BUFFER_DATA_PHYSICAL_ADDRESS(nb).LowPart;
            for (mdl = NET_BUFFER_FIRST_MDL(nb); mdl != NULL; mdl = next) {
                NdisQueryMdl(mdl, &va, &length, priority);
                NdisQueryMdlOffset(mdl, &offset, &length);
                total += length + offset + MmGetMdlByteCount(mdl) + MmGetMdlByteOffset(mdl);
                total += (MmGetMdlVirtualAddress(mdl) == MmGetMdlBaseVa(mdl));
                NdisGetNextMdl(mdl, &next);
                total += (NDIS_MDL_LINKAGE(mdl) == next);
            }
            total += (NET_BUFFER_CURRENT_MDL(nb) == NULL);
        }
        vlan.Value = NET_BUFFER_LIST_INFO(Nbl, Ieee8021QNetBufferListInfo);
        total += vlan.TagHeader.UserPriority;
        NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_SUCCESS;
        NDIS_SET_NET_BUFFER_LIST_CANCEL_ID(Nbl, NULL);
        total += (NDIS_GET_NET_BUFFER_LIST_CANCEL_ID(Nbl) == NET_BUFFER_LIST_INFO(Nbl, id));
        NdisSetNetBufferListProtocolId(Nbl, NDIS_PROTOCOL_ID_TCP_IP);
        NET_BUFFER_LIST_PROTOCOL_RESERVED(Nbl)[0] = NET_BUFFER_LIST_MINIPORT_RESERVED(Nbl)[0];
        if (Nbl->Context != NULL) {
            total += NET_BUFFER_LIST_CONTEXT_DATA_SIZE(Nbl) + *NET_BUFFER_LIST_CONTEXT_DATA_START(Nbl);
        }
        NBL_SET_FLAG(Nbl, NBL_FLAGS_SCRATCH);
        NBL_CLEAR_FLAG(Nbl, NBL_FLAGS_SCRATCH);
        total += NBL_TEST_FLAG(Nbl, NBL_FLAGS_SCRATCH);
        NBL_SET_PROTOCOL_RSVD_FLAG(Nbl, 0x00100000);
        NBL_CLEAR_PROTOCOL_RSVD_FLAG(Nbl, 0x00100000);
        total += NBL_TEST_PROTOCOL_RSVD_FLAG(Nbl, 0x00100000);
        NBL_SET_PROT_RSVD_FLAG(Nbl, 0x00200000);
        NBL_CLEAR_PROT_RSVD_FLAG(Nbl, 0x00200000);
        total += NBL_TEST_PROT_RSVD_FLAG(Nbl, 0x00200000);
        NdisSetNblFlag(Nbl, NDIS_NBL_FLAGS_IS_IPV4);
        NdisClearNblFlag(Nbl, NDIS_NBL_FLAGS_IS_IPV4);
        total += NdisTestNblFlag(Nbl, NDIS_NBL_FLAGS_IS_TCP) + NdisTestNblFlags(Nbl, NDIS_NBL_FLAGS_IS_UDP);
        total += NET_BUFFER_LIST_FLAGS(Nbl) + NET_BUFFER_LIST_NBL_FLAGS(Nbl);
    }
    total += NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) + NDIS_TEST_SEND_FLAG(SendFlags, NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK);
    NDIS_SET_SEND_FLAG(SendFlags, NDIS_SEND_FLAGS_DISPATCH_LEVEL);
    total += NDIS_TEST_SEND_COMPLETE_AT_DISPATCH_LEVEL(SendFlags);
    total += NDIS_TEST_SEND_COMPLETE_FLAG(SendFlags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
    NDIS_SET_SEND_COMPLETE_FLAG(SendFlags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
    total += NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags) + NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags);
    total += NDIS_TEST_RECEIVE_CAN_PEND(ReceiveFlags) + NDIS_TEST_RECEIVE_FLAG(ReceiveFlags, NDIS_RECEIVE_FLAGS_RESOURCES);
    NDIS_SET_RECEIVE_FLAG(ReceiveFlags, NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
    total += NDIS_TEST_RETURN_AT_DISPATCH_LEVEL(ReturnFlags) + NDIS_TEST_RETURN_FLAG(ReturnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
    NDIS_SET_RETURN_FLAG(ReturnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
    return total + SendFlags + ReceiveFlags + ReturnFlags + NDIS_CLONE_FLAGS_USE_ORIGINAL_MDLS;
}

/* Handlers a driver passes to the retreat/advance services. */
NET_BUFFER_ALLOCATE_MDL condis_use_NetAllocateMdl;
NET_BUFFER_FREE_MDL condis_use_NetFreeMdl;
NET_BUFFER_ALLOCATE_MDL_HANDLER condis_use_allocate_mdl = condis_use_NetAllocateMdl;
NET_BUFFER_FREE_MDL_HANDLER condis_use_free_mdl = condis_use_NetFreeMdl;
/* Functions 2.4 names without a code block of their own. */
SPEC_FUNCTION(NdisGetPoolFromNetBuffer, NDIS_HANDLE, (PNET_BUFFER NetBuffer), "vc-data-requests.md 2.4.10")
SPEC_FUNCTION(NdisGetNetBufferListProtocolId, UCHAR, (PNET_BUFFER_LIST NetBufferList), "vc-data-requests.md 2.3.8")
SPEC_FUNCTION(NdisFreeCloneNetBufferList, VOID, (PNET_BUFFER_LIST CloneNetBufferList, ULONG FreeCloneFlags), "2.4.3")
SPEC_FUNCTION(NdisFreeFragmentNetBufferList, VOID,
              (PNET_BUFFER_LIST FragmentNetBufferList, ULONG DataOffsetDelta, ULONG FreeFragmentFlags), "2.4.3")
SPEC_FUNCTION(NdisFreeReassembledNetBufferList, VOID,
              (PNET_BUFFER_LIST ReassembledNetBufferList, ULONG DataOffsetDelta, ULONG FreeReassembleFlags), "2.4.3")
