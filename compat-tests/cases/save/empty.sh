# desc: -S and -Sn on an empty table print nothing, rc 0
ipvsadm -S
echo "rc=$?"
ipvsadm -Sn
echo "rc=$?"
