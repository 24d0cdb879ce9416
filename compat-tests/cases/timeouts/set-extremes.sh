# desc: --set range edges: 1 1 1 and 2678400 (31 days) accepted; 2678401 in any position rejected with invalid timeout value
ipvsadm --set 1 1 1
echo "rc=$?"
ipvsadm -L --timeout
ipvsadm --set 2678400 2678400 2678400
echo "rc=$?"
ipvsadm -Ln --timeout
ipvsadm --set 2678401 1 1
echo "rc=$?"
ipvsadm --set 1 2678401 1
echo "rc=$?"
ipvsadm --set 1 1 2678401
echo "rc=$?"
ipvsadm -L --timeout
