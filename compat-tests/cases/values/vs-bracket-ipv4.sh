# desc: an IPv4 address inside brackets ([10.0.0.5]:80): 1.31 drops the port (zero-port error; with -p stored as port 0); [::]:81 works
ipvsadm -A -t [10.0.0.5]:80
echo "rc=$?"
ipvsadm -A -u [10.0.0.6]:domain
echo "rc=$?"
ipvsadm -A -t [10.0.0.7]:80 -p 30
echo "rc=$?"
ipvsadm -A -t [::]:81
echo "rc=$?"
ipvsadm -Ln
